# Hand-written additions to the generated event classes: one module per
# generated module, each holding mixins (derived, offline properties) that
# the generator names as bases of the classes they extend.
