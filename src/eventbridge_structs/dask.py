# Firehose archives on a Dask cluster (https://docs.dask.org/en/stable/bag.html,
# https://distributed.dask.org/): a Dask bag of events with one partition per
# input file, and the typed Parquet dataset of ``eventbridge_structs.arrow``
# written file by file on the workers, in the same layout as the
# ``eventbridge-structs convert`` command.
#
# The work of one file is the engine-neutral ``read_file`` (events) and
# ``eventbridge_structs.arrow.convert_file`` (Parquet): plain functions of a
# URL that return picklable values, which Ray Data's ``map_batches`` or
# Spark's ``mapPartitions`` call as well. Dask (``eventbridge-structs[dask]``)
# is imported when a bag is made, never when this module is imported.
"""Dask bags and Parquet datasets of EventBridge events from Firehose archives.

>>> from eventbridge_structs.dask import read_archives, to_parquet
>>> bag = read_archives("s3://bucket/firehose/2024/03/")   # one partition per file
>>> to_parquet("s3://bucket/firehose/2024/03/", "/shared/events/")  # on the workers
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from typing import Any, Literal

from ._archive import read_archive
from ._delivery import Failure
from ._parquet import (
    COMPRESSION,
    MAX_BUFFERED_ROWS,
    ROW_GROUP_SIZE,
    ConvertResult,
    FileResult,
    convert_file,
    expand_inputs,
    open_input,
)
from ._payload import MAX_EVENT_SIZE

__all__ = ["import_dask_bag", "read_archives", "read_file", "to_parquet"]

_INSTALL_HINT = (
    "Dask bags need dask, which is not installed; install it with: "
    "pip install 'eventbridge-structs[dask]'"
)

Urls = str | os.PathLike[str] | Sequence[str | os.PathLike[str]]
OnFailure = Literal["include", "skip", "raise"]


def import_dask_bag() -> Any:
    """Import ``dask.bag``, or raise the install hint.

    Raises
    ------
    ImportError
        If dask is not installed, naming ``eventbridge-structs[dask]``.
    """
    try:
        import dask.bag
    except ImportError as exc:
        raise ImportError(_INSTALL_HINT, name="dask") from exc
    return dask.bag


def read_file(
    url: str,
    *,
    type: Any = None,
    storage_options: dict[str, Any] | None = None,
    max_size: int = MAX_EVENT_SIZE,
    failures: OnFailure = "include",
) -> list[Any]:
    """The events of one input file, as a list (engine-neutral).

    Parameters
    ----------
    url : str
        A local path or URL (see :func:`eventbridge_structs.arrow.open_input`).
    type : type, optional
        Decode every event into this class.
    storage_options : dict, optional
        See :func:`eventbridge_structs.arrow.expand_inputs`.
    max_size : int
        The largest event accepted, in bytes.
    failures : {"include", "skip", "raise"}
        What to do with a bad record: keep its
        :class:`~eventbridge_structs.delivery.Failure` in the list, drop it,
        or raise its :class:`~eventbridge_structs.DecodeError`.

    Returns
    -------
    list
        Events (and failures), in file order.
    """
    items: list[Any] = []
    with open_input(url, storage_options) as file:
        for item in read_archive(file, type=type, max_size=max_size):
            if item.__class__ is Failure:
                if failures == "skip":
                    continue
                if failures == "raise":
                    raise item.error
            items.append(item)
    return items


def _read_partition(urls: Sequence[str], **options: Any) -> list[Any]:
    items: list[Any] = []
    for url in urls:
        items.extend(read_file(url, **options))
    return items


def _urls(urlpath_or_list: Urls, storage_options: dict[str, Any] | None) -> list[str]:
    urls = [url for url, _ in expand_inputs(urlpath_or_list, storage_options)]
    if "-" in urls:
        raise ValueError("stdin (-) cannot be read on a cluster")
    return urls


def read_archives(
    urlpath_or_list: Urls,
    *,
    type: Any = None,
    storage_options: dict[str, Any] | None = None,
    max_size: int = MAX_EVENT_SIZE,
    failures: OnFailure = "include",
) -> Any:
    """A Dask bag of the events of Firehose archives, one partition per file.

    Parameters
    ----------
    urlpath_or_list : str, path or sequence of them
        Files, directories, glob patterns, ``s3://`` objects, prefixes or
        patterns (see :func:`eventbridge_structs.arrow.expand_inputs`); they
        are listed here, and read on the workers.
    type : type, optional
        Decode every event into this class.
    storage_options : dict, optional
        The S3 client's or fsspec filesystem's options (``endpoint_url``,
        ``key``, ``secret``, ``region_name``, ``client_kwargs``...); sent to
        the workers, so picklable.
    max_size : int
        The largest event accepted, in bytes.
    failures : {"include", "skip", "raise"}
        See :func:`read_file`.

    Returns
    -------
    dask.bag.Bag
        Of events (and :class:`~eventbridge_structs.delivery.Failure` items
        with ``failures="include"``).

    Raises
    ------
    ImportError
        If dask is not installed.
    """
    db = import_dask_bag()
    urls = _urls(urlpath_or_list, storage_options)
    if not urls:
        return db.from_sequence([], npartitions=1)
    return db.from_sequence(urls, npartitions=len(urls)).map_partitions(
        _read_partition,
        type=type,
        storage_options=storage_options,
        max_size=max_size,
        failures=failures,
    )


def to_parquet(
    urlpath_or_list: Urls,
    out: str | os.PathLike[str],
    *,
    type: Any = None,
    storage_options: dict[str, Any] | None = None,
    row_group_size: int = ROW_GROUP_SIZE,
    max_buffered_rows: int = MAX_BUFFERED_ROWS,
    max_size: int = MAX_EVENT_SIZE,
    overwrite: bool = False,
    compression: str = COMPRESSION,
    compute: bool = True,
) -> Any:
    """Write the typed Parquet dataset of Firehose archives on the workers.

    Each input file is one task running
    :func:`eventbridge_structs.arrow.convert_file`, so the dataset is the
    one ``eventbridge-structs convert`` writes: same partitions, files,
    ``_failures`` and ``_done`` markers, the same rows. A task that fails
    or whose worker dies leaves nothing partial; Dask reruns it elsewhere,
    and a rerun of the whole call skips the files that are done.

    Parameters
    ----------
    urlpath_or_list : str, path or sequence of them
        See :func:`read_archives`.
    out : str or path
        The dataset's directory, on a filesystem every worker writes to
        (local for a ``LocalCluster``, or a shared mount).
    type, storage_options, max_size
        See :func:`read_archives`.
    row_group_size, max_buffered_rows, overwrite, compression
        See :func:`eventbridge_structs.arrow.convert_file`.
    compute : bool
        Run now and return the summary, or return the bag of
        :class:`~eventbridge_structs.arrow.FileResult` to compute later.

    Returns
    -------
    ConvertResult or dask.bag.Bag
        The run's summary, or the lazy bag with ``compute=False``.
    """
    db = import_dask_bag()
    started = time.monotonic()
    out = os.fspath(out)
    os.makedirs(out, exist_ok=True)
    urls = _urls(urlpath_or_list, storage_options)
    if not urls:
        results: list[FileResult] = []
        return ConvertResult.of(out, results, 0.0) if compute else db.from_sequence([])
    bag = db.from_sequence(urls, npartitions=len(urls)).map(
        convert_file,
        out,
        type=type,
        row_group_size=row_group_size,
        max_buffered_rows=max_buffered_rows,
        max_size=max_size,
        storage_options=storage_options,
        overwrite=overwrite,
        compression=compression,
    )
    if not compute:
        return bag
    results = list(bag.compute())
    return ConvertResult.of(out, results, time.monotonic() - started)
