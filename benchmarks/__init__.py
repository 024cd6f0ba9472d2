# Benchmarks of eventbridge-structs side by side with what users would pick
# instead (botocraft's documented models, a plain pydantic v2 model, the
# Powertools parser, json/orjson, and a bare msgspec Decoder as the floor),
# after msgspec's own benchmarks: one adapter module per library, each run in
# its own process on identical inputs. Run ``python -m benchmarks [--quick]``.
