package io.ucfleet.node.zone;

import java.time.Instant;

/**
 * A zone's state after a check: Active, or Failed with the reason. {@code peerCertificate}: the
 * subject the peer presented, when it got that far.
 */
public record ZoneStatus(State state, ZoneFailure reason, String detail, String peerCertificate, Instant checkedAt) {
    public enum State {
        /** Not checked since it was created or changed. */
        CHECKING("Checking"), ACTIVE("Active"), FAILED("Failed");

        public final String displayName;

        State(String displayName) {
            this.displayName = displayName;
        }
    }

    public static ZoneStatus active(String detail, String peer, Instant at) {
        return new ZoneStatus(State.ACTIVE, null, detail, peer, at);
    }

    public static ZoneStatus failed(ZoneFailure reason, String detail, String peer, Instant at) {
        return new ZoneStatus(State.FAILED, reason, detail, peer, at);
    }
}
