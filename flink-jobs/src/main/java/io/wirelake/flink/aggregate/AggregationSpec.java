package io.wirelake.flink.aggregate;

import java.io.Serializable;

/**
 * What a {@link WindowedAggregator} needs to know about one kind of aggregate: which event time an input
 * counts at, how to start, grow and finish an accumulator.
 *
 * @param <I> input records
 * @param <A> accumulator, kept in keyed state (plain mutable class, Kryo-serializable)
 * @param <O> output rows
 */
interface AggregationSpec<I, A, O> extends Serializable {
  /** Microseconds since the epoch that decide the input's window. */
  long eventTimeMicros(I input);

  A create(I first);

  void add(A accumulator, I input);

  O result(A accumulator, Granularity granularity, long windowStart);
}
