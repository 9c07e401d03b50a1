"""Preloaded by the fork server of an interrupted command-line run (tests/test_batch.py): the worker processes
forked from it build the slow stand-in pipeline, not the real one, so the run is still going when interrupted."""

from _batch_fakes import slow_fake_pipeline

import quotes.batch.worker as worker

worker.worker_pipeline = lambda config: slow_fake_pipeline()
