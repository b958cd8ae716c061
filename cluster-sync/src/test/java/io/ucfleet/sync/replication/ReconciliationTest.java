package io.ucfleet.sync.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.ucfleet.platform.replication.Change;
import io.ucfleet.platform.replication.State;
import io.ucfleet.platform.replication.Version;
import io.ucfleet.sync.policy.ReplicationPolicy;
import io.ucfleet.sync.policy.ReplicationPolicy.Scope;

/** The full pass's decision and the policy table, without any process. */
class ReconciliationTest {
    private static final List<String> CUCM = List.of("tomcat-trust", "CallManager-trust", "CAPF-trust", "Phone-SAST-trust");
    private static final List<String> IMP = List.of("tomcat-trust", "cup-trust");
    private static final String SHA = "a".repeat(64);

    private static Version v(String store, boolean present, long version, String origin, String sourceUnit) {
        return new Version(store, SHA, present, UUID.nameUUIDFromBytes((store + present + version + origin).getBytes()),
                sourceUnit, version, origin);
    }

    @Test
    void theRulesOfChange() {
        assertEquals(Scope.NODE, ReplicationPolicy.scope(Change.Operation.IMPORT, "CAPF-trust", null));
        assertEquals(Scope.CLUSTER, ReplicationPolicy.scope(Change.Operation.DELETE, "CAPF-trust", null));
        for (String store : List.of("tomcat-trust", "CallManager-trust", "Phone-SAST-trust")) {
            assertEquals(Scope.CLUSTER, ReplicationPolicy.scope(Change.Operation.IMPORT, store, null));
            assertEquals(Scope.CLUSTER, ReplicationPolicy.scope(Change.Operation.DELETE, store, null));
        }
        assertEquals(Scope.NODE, ReplicationPolicy.scope(Change.Operation.IMPORT, "ipsec-trust", null));
        assertEquals(Scope.NODE, ReplicationPolicy.scope(Change.Operation.DELETE, "cup-trust", null));
        assertEquals(Scope.CLUSTER, ReplicationPolicy.scope(Change.Operation.IMPORT, "tomcat-trust", "tomcat-ECDSA"));
        // identity copies of other units stay home, even in a store whose imports travel
        assertEquals(Scope.NODE, ReplicationPolicy.scope(Change.Operation.IMPORT, "CallManager-trust", "CallManager"));
    }

    @Test
    void aTombstoneBeatsAnOlderImportEverywhereAndIsNeverUndoneByTheNodeThatMissedIt() {
        Map<String, State> states = Map.of(
                "a", new State("a", "e", CUCM, List.of(v("tomcat-trust", false, 20, "b", null))),
                "b", new State("b", "e", CUCM, List.of(v("tomcat-trust", false, 20, "b", null))),
                "c", new State("c", "e", CUCM, List.of(v("tomcat-trust", true, 10, "a", null))));
        List<Reconciliation.Repair> repairs = Reconciliation.repairs(states);
        assertEquals(1, repairs.size());
        assertEquals("c", repairs.get(0).targetNode());
        assertTrue(!repairs.get(0).winner().present());
    }

    @Test
    void aLaterReimportWinsAndReachesNodesWithTheStoreOnly() {
        Map<String, State> states = Map.of(
                "a", new State("a", "e", CUCM, List.of(v("CallManager-trust", true, 30, "a", null))),
                "b", new State("b", "e", CUCM, List.of(v("CallManager-trust", false, 20, "b", null))),
                "imp", new State("imp", "e", IMP, List.of()));
        List<Reconciliation.Repair> repairs = Reconciliation.repairs(states);
        assertEquals(1, repairs.size());
        assertEquals("b", repairs.get(0).targetNode());
        assertEquals("a", repairs.get(0).holder());
    }

    @Test
    void capfImportsStayButCapfDeletesTravelAndTiesBreakByOrigin() {
        Map<String, State> imports = Map.of(
                "a", new State("a", "e", CUCM, List.of(v("CAPF-trust", true, 10, "a", null))),
                "b", new State("b", "e", CUCM, List.of()));
        assertTrue(Reconciliation.repairs(imports).isEmpty());
        Map<String, State> tie = Map.of(
                "a", new State("a", "e", CUCM, List.of(v("CAPF-trust", true, 10, "a", null))),
                "b", new State("b", "e", CUCM, List.of(v("CAPF-trust", false, 10, "b", null))));
        List<Reconciliation.Repair> repairs = Reconciliation.repairs(tie);
        assertEquals(1, repairs.size());
        assertEquals("a", repairs.get(0).targetNode()); // same version: origin "b" orders after "a"
    }

    @Test
    void aLaterLocalCapfImportDoesNotHideAnEarlierCapfDeleteFromTheNodeThatMissedIt() {
        // a deleted it cluster-wide (20) and re-imported it locally (30); b missed the delete
        // and still holds its own import (10); c got the delete
        Map<String, State> states = Map.of(
                "a", new State("a", "e", CUCM, List.of(v("CAPF-trust", true, 30, "a", null))),
                "b", new State("b", "e", CUCM, List.of(v("CAPF-trust", true, 10, "b", null))),
                "c", new State("c", "e", CUCM, List.of(v("CAPF-trust", false, 20, "a", null))));
        List<Reconciliation.Repair> repairs = Reconciliation.repairs(states);
        assertEquals(1, repairs.size());
        assertEquals("b", repairs.get(0).targetNode());
        assertTrue(!repairs.get(0).winner().present());
        assertEquals(20, repairs.get(0).winner().version());
    }
}
