package io.ucfleet.sync.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.ucfleet.platform.replication.Change;
import io.ucfleet.sync.membership.MemberCondition.Reason;
import io.ucfleet.sync.replication.Planner.Plan;
import io.ucfleet.sync.replication.Planner.Target;
import io.ucfleet.sync.replication.Planner.Waiting;

/** Who gets a change read from pub's feed, for every row of the policy table, without any process. */
class PlannerTest {
    private static final String PUB = "pub.ucfleet.test";
    private static final Target SOURCE = new Target("http://pub", PUB, PUB, false);
    private static final Target SUB = new Target("http://sub", "sub.ucfleet.test", "sub.ucfleet.test", false);
    private static final Target IMP_BEHIND = new Target("http://imp", "imp.ucfleet.test", "imp.ucfleet.test", true);
    private static final Target SUB2_DOWN = new Target("http://sub2", null, "sub2.ucfleet.test", false);
    private static final Target NEVER_SEEN = new Target("http://late", null, null, false);
    private static final Target PUB_AGAIN = new Target("http://pub-new-ip", PUB, null, false);
    private static final List<Target> MEMBERS = List.of(SOURCE, SUB, IMP_BEHIND, SUB2_DOWN, NEVER_SEEN, PUB_AGAIN);

    private static Change change(String operation, String store, String sourceUnit) {
        return new Change(7L, UUID.randomUUID(), Change.Operation.valueOf(operation), store, "a".repeat(64), new byte[] { 1 }, sourceUnit, 10, PUB,
                null);
    }

    @ParameterizedTest(name = "{1} {0} by {2}: travels {3}")
    @CsvSource(nullValues = "-", textBlock = """
            # store,            operation, identity (sourceUnit), travels
            tomcat-trust,       IMPORT,    -,                     true
            tomcat-trust,       DELETE,    -,                     true
            CallManager-trust,  IMPORT,    -,                     true
            CallManager-trust,  DELETE,    -,                     true
            Phone-SAST-trust,   IMPORT,    -,                     true
            Phone-SAST-trust,   DELETE,    -,                     true
            CAPF-trust,         IMPORT,    -,                     false
            CAPF-trust,         DELETE,    -,                     true
            ipsec-trust,        IMPORT,    -,                     false
            ipsec-trust,        DELETE,    -,                     false
            cup-trust,          IMPORT,    -,                     false
            cup-xmpp-trust,     DELETE,    -,                     false
            Phone-CTL-trust,    IMPORT,    -,                     false
            tomcat-trust,       IMPORT,    tomcat,                true
            tomcat-trust,       DELETE,    tomcat,                true
            tomcat-trust,       IMPORT,    tomcat-ECDSA,          true
            tomcat-trust,       DELETE,    tomcat-ECDSA,          true
            CallManager-trust,  IMPORT,    CallManager,           false
            CAPF-trust,         IMPORT,    CAPF,                  false
            Phone-SAST-trust,   IMPORT,    ITLRecovery,           false
            cup-trust,          IMPORT,    cup,                   false
            """)
    void aChangeGoesToEveryOtherKnownNodeExactlyWhenThePolicySendsItClusterWide(String store, String operation,
            String sourceUnit, boolean travels) {
        Change change = change(operation, store, sourceUnit);
        Plan plan = Planner.plan(PUB, List.of(change), MEMBERS);
        if (!travels) {
            assertEquals(new Plan(List.of(), List.of(), List.of()), plan, "a node-local change goes nowhere");
            return;
        }
        assertEquals(List.of(change), plan.travelling());
        assertEquals(List.of(SUB), plan.now(), "applied at once: the identified peer with nothing pending");
        assertEquals(List.of(
                new Waiting(IMP_BEHIND, "imp.ucfleet.test", Reason.DELIVERIES_PENDING, Planner.BEHIND_PENDING_WORK),
                new Waiting(SUB2_DOWN, "sub2.ucfleet.test", Reason.NOT_IDENTIFIED, Planner.NOT_IDENTIFIED)),
                plan.waiting(), "pending: the peer with earlier pending work, and the known node not answering yet");
    }

    @Test
    void theSourceNodeNeverGetsItsOwnChangeBackWhateverUrlItAnswersAtOrWasRememberedAt() {
        Target rememberedAsSource = new Target("http://old-pub-ip", null, PUB, false);
        Plan plan = Planner.plan(PUB, List.of(change("DELETE", "tomcat-trust", null)),
                List.of(SOURCE, PUB_AGAIN, rememberedAsSource));
        assertTrue(plan.isEmpty(), plan.toString());
    }

    @Test
    void aNodeNeverSeenGetsNothingNowButLeavesItToTheFullPassWhenItFirstAnswers() {
        Plan plan = Planner.plan(PUB, List.of(change("IMPORT", "tomcat-trust", null)), List.of(SOURCE, NEVER_SEEN));
        assertTrue(plan.isEmpty(), plan.toString());
    }

    @Test
    void fromAMixedBatchOnlyTheChangesThatTravelAreDeliveredInFeedOrder() {
        Change capfImport = change("IMPORT", "CAPF-trust", null);
        Change tomcatImport = change("IMPORT", "tomcat-trust", null);
        Change ipsecDelete = change("DELETE", "ipsec-trust", null);
        Change capfDelete = change("DELETE", "CAPF-trust", null);
        Plan plan = Planner.plan(PUB, List.of(capfImport, tomcatImport, ipsecDelete, capfDelete), List.of(SOURCE, SUB));
        assertEquals(List.of(tomcatImport, capfDelete), plan.travelling());
        assertEquals(List.of(SUB), plan.now());
    }
}
