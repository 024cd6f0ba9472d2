# The EventBridge schema registry's AWS events that botocraft does not
# model: one generated module per source (`make generate`), each
# imported on the first event of one of its types.
"""AWS events from the EventBridge schema registry, by source."""
