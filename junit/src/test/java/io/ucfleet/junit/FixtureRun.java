package io.ucfleet.junit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.ArrayList;
import java.util.List;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/** Runs fixture classes through the JUnit Platform, as a build would, and keeps every test's outcome. */
record FixtureRun(List<String> passed, List<String> failed, List<Throwable> failures) {
    static FixtureRun of(Class<?>... fixtures) {
        FixtureRun run = new FixtureRun(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request();
        for (Class<?> fixture : fixtures) {
            request.selectors(selectClass(fixture));
        }
        LauncherDiscoveryRequest built = request.build();
        LauncherFactory.create().execute(built, new TestExecutionListener() {
            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                if (!id.isTest()) {
                    result.getThrowable().ifPresent(t -> {
                        // a failure of a class (or of the engine: a store value that would not close)
                        run.failed.add(id.getDisplayName());
                        run.failures.add(t);
                    });
                    return;
                }
                if (result.getStatus() == TestExecutionResult.Status.SUCCESSFUL) {
                    run.passed.add(id.getDisplayName());
                } else {
                    run.failed.add(id.getDisplayName());
                    run.failures.add(result.getThrowable().orElse(new AssertionError(result.getStatus().toString())));
                }
            }
        });
        return run;
    }
}
