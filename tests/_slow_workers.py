"""Preloaded by the fork server of an interrupted command-line run (tests/test_batch.py): the worker processes
forked from it build the slow stand-in pipeline, not the real one, so the run is still going when interrupted."""

from _batch_fakes import SlowMarksExtractor, slow_fake_pipeline

import quotes.batch.worker as worker

worker.worker_pipeline = lambda config: slow_fake_pipeline()

# Slower than the in-process stand-in: a run of 40 articles then lasts about 10 s on two workers, so an interrupt
# sent after the first chunk lands before the run ends even on a loaded machine (at 0.05 s per article the run
# ended first once in a bare-clone run sharing the machine with a CI run; at 0.25 s once more, in a fresh
# virtual environment while two other test suites ran on the same two cores).
SlowMarksExtractor.delay = 0.5
