package dev.gatehouse.persistence;

import java.util.List;
import java.util.function.Function;

/** One page of a list, with how many rows match in all. */
public record Page<T>(List<T> rows, long total) {

    /** The same page with each row turned into what the caller shows. */
    public <R> Page<R> map(Function<? super T, ? extends R> mapper) {
        return new Page<>(rows.stream().<R>map(mapper).toList(), total);
    }
}
