package io.ucfleet.node.expressway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** Seed 004's names of a clustered Expressway's certificate: warnings, never refusals. */
class ClusterNamesTest {
    private static final String ME = "exp-1.ucfleet.test";
    private static final Optional<String> CLUSTER = Optional.of("vcs.ucfleet.test");
    private static final List<String> PEERS = List.of(ME, "exp-2.ucfleet.test", "exp-3.ucfleet.test");

    @Test
    void aNodeThatIsNotClusteredIsWarnedOfNothing() {
        assertEquals(List.of(), ClusterNames.warnings(List.of(), ME, Optional.empty(), PEERS));
    }

    @Test
    void anIndividualCertificateNamingThePeerAndTheClusterIsFine() {
        assertEquals(List.of(), ClusterNames.warnings(List.of(ME, "VCS.ucfleet.test"), ME, CLUSTER, PEERS));
    }

    @Test
    void anIndividualCertificateWithoutTheClusterFqdnIsWarnedOf() {
        List<String> warnings = ClusterNames.warnings(List.of(ME), ME, CLUSTER, PEERS);
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).contains("vcs.ucfleet.test"), warnings.toString());
    }

    @Test
    void aSharedCertificateMustListEveryPeer() {
        List<String> warnings = ClusterNames.warnings(List.of("vcs.ucfleet.test", ME, "exp-2.ucfleet.test"), ME, CLUSTER, PEERS);
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).contains("[exp-3.ucfleet.test]"), warnings.toString());
        assertEquals(List.of(), ClusterNames.warnings(List.of("vcs.ucfleet.test", ME, "exp-2.ucfleet.test", "exp-3.ucfleet.test"),
                ME, CLUSTER, PEERS));
    }
}
