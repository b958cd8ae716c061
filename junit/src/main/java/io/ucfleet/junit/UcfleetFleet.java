package io.ucfleet.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the test class against a real ucfleet fleet: the topology's processes (node-service,
 * cluster-sync, ctl-service JVMs from the built jars, each with its own embedded PostgreSQL),
 * started in parallel by the launcher in a fresh temporary state directory on an automatic port
 * base, and stopped afterwards. The {@link Fleet} handle is injected into test, lifecycle and
 * constructor parameters and into fields of type {@code Fleet} (static fields before
 * {@code @BeforeAll}).
 *
 * <pre>{@code
 * @UcfleetFleet(topology = "topologies/my-lab.yaml")
 * class RenewalIT {
 *     static Fleet fleet;
 *
 *     @Test
 *     void theNodeAnswers() {
 *         assertEquals(200, fleet.node("cucm-pub").get("/api/v1/node").status());
 *     }
 * }
 * }</pre>
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(UcfleetExtension.class)
public @interface UcfleetFleet {

    /**
     * A shipped topology ({@code default}, {@code lab-small}, {@code enterprise}), a file path
     * (relative to the working directory, i.e. the module), or a classpath resource
     * ({@code classpath:topologies/x.yaml}, or just {@code topologies/x.yaml} when no such file exists).
     */
    String topology() default "default";

    /** Whether the fleet is the test class's own or shared by every class asking for the same one. */
    Scope scope() default Scope.CLASS;

    /**
     * Extra JVM options for every process of the fleet, e.g. {@code -Ducfleet.ctl.devices=SEP001122334455};
     * the launcher's own properties (ports, identity, accounts) win over these.
     */
    String[] jvmOptions() default {};

    /** How long each process may take to become ready ({@code /q/health/ready}), at start and after {@code start()}. */
    int readyTimeoutSeconds() default 180;

    /** How many processes boot at once; 0 means one per core (boot is CPU-bound). */
    int parallel() default 0;

    enum Scope {
        /** Started before the class's first test, stopped after its last. */
        CLASS,
        /**
         * Started once per test JVM for every class with the same topology and JVM options,
         * stopped when the test run ends (or the JVM shuts down). Classes share its state:
         * what one class changes, the next one sees.
         */
        SUITE
    }

    /**
     * Marks a field to receive the {@link Fleet} (optional: any non-final field of type
     * {@code Fleet} is injected; with this annotation, a field of another type is an error
     * instead of being left alone).
     */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    @interface Inject {
    }
}
