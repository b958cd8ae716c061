package io.ucfleet.platform.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.function.Supplier;

/**
 * The fuzz tests' one property: a parser given any input answers a value or its domain's own
 * refusal, never another exception, and within a bounded time.
 */
public final class Bounded {
    /** Generous for one parse on a loaded 2-core machine; a parser that loops or backtracks breaks it. */
    public static final long MAX_MILLIS = 2_000;

    private Bounded() {
    }

    /** Runs the parse; a refusal of type {@code refusal} is a pass, any other throwable fails the property. */
    public static <T> T parseOrRefuse(Class<? extends RuntimeException> refusal, Supplier<T> parse) {
        long start = System.nanoTime();
        try {
            return parse.get();
        } catch (RuntimeException e) {
            if (!refusal.isInstance(e)) {
                fail("not the domain's refusal (" + refusal.getSimpleName() + "): " + e, e);
            }
            if (e.getMessage() == null || e.getMessage().isBlank()) {
                fail("a refusal without a sentence: " + e, e);
            }
            return null;
        } catch (StackOverflowError | OutOfMemoryError e) {
            fail("the parser gave up: " + e, e);
            return null;
        } finally {
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis < MAX_MILLIS, "the parse took " + millis + " ms");
        }
    }
}
