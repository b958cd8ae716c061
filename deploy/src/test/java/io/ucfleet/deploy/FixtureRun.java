package io.ucfleet.deploy;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs fixture classes through the JUnit Platform, as a user's build runs their tests, and
 * keeps each outcome: the fixtures' own stores (and fleets) are closed when this returns, so
 * what they leave behind can be judged.
 */
record FixtureRun(List<String> passed, List<String> failed, List<Throwable> failures) {
    static FixtureRun of(Class<?>... fixtures) {
        FixtureRun run = new FixtureRun(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request();
        for (Class<?> fixture : fixtures) {
            request.selectors(selectClass(fixture));
        }
        LauncherFactory.create().execute(request.build(), new TestExecutionListener() {
            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                if (id.isTest() && result.getStatus() == TestExecutionResult.Status.SUCCESSFUL) {
                    run.passed.add(id.getDisplayName());
                } else if (id.isTest() || result.getThrowable().isPresent()) {
                    // a test, or a class or the engine (a fleet that would not start or stop)
                    run.failed.add(id.getDisplayName());
                    run.failures.add(result.getThrowable().orElse(new AssertionError(result.getStatus().toString())));
                }
            }
        });
        return run;
    }

    /** Every failure with its stack trace, for an assertion message. */
    String report() {
        StringWriter out = new StringWriter();
        for (int i = 0; i < failed.size(); i++) {
            out.append("\n--- ").append(failed.get(i)).append(": ");
            failures.get(i).printStackTrace(new PrintWriter(out));
        }
        return "passed " + passed + ", failed " + failed + out;
    }
}
