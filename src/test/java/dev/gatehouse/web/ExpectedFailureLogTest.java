package dev.gatehouse.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.System.Logger.Level;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ExpectedFailureLogTest {

    @Test
    void aFloodOfExpectedFailuresWritesAtMostTheMinutesQuota() {
        ExpectedFailureLog log = new ExpectedFailureLog(ExpectedFailureLogTest.class, Level.DEBUG);

        long written =
                IntStream.range(0, 1_000).filter(i -> log.log("probe {0}", i)).count();

        assertEquals(ExpectedFailureLog.LINES_PER_MINUTE, written);
    }
}
