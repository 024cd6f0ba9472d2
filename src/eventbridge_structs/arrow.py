# Columnar output of the event Structs: Apache Arrow schemas and tables
# (https://arrow.apache.org/docs/format/Columnar.html), and typed,
# Hive-partitioned Parquet datasets (https://parquet.apache.org/docs/) from
# the files Amazon Data Firehose writes to S3. The work is done in
# ``_arrow.py`` (schemas, tables) and ``_parquet.py`` (inputs, datasets).
# pyarrow is the optional extra ``eventbridge-structs[arrow]``: importing
# this module does not import it.
"""Arrow tables and Parquet datasets of EventBridge events.

>>> from eventbridge_structs.arrow import arrow_schema, to_table, convert
>>> arrow_schema(ECRImageActionEvent)           # pyarrow.Schema from the Struct
>>> to_table(events)                            # pyarrow.Table, one event class
>>> convert(["s3://bucket/prefix/"], "out/", jobs=2)   # a Parquet dataset
"""

from __future__ import annotations

from ._arrow import ENVELOPE_COLUMNS, arrow_schema, import_pyarrow, to_table, to_tables
from ._parquet import (
    COMPRESSION,
    MAX_BUFFERED_ROWS,
    NULL_PARTITION,
    ROW_GROUP_SIZE,
    ConvertResult,
    FileResult,
    convert,
    convert_file,
    expand_inputs,
    failure_schema,
    input_key,
    open_input,
    partition_dir,
)

__all__ = [
    "COMPRESSION",
    "ENVELOPE_COLUMNS",
    "MAX_BUFFERED_ROWS",
    "NULL_PARTITION",
    "ROW_GROUP_SIZE",
    "ConvertResult",
    "FileResult",
    "arrow_schema",
    "convert",
    "convert_file",
    "expand_inputs",
    "failure_schema",
    "import_pyarrow",
    "input_key",
    "open_input",
    "partition_dir",
    "to_table",
    "to_tables",
]
