package io.ucfleet.ctl.cluster;

/** A cluster member could not be reached or answered something unusable; the message names it. */
public class ClusterException extends RuntimeException {
    public ClusterException(String message) {
        super(message);
    }

    public ClusterException(String message, Throwable cause) {
        super(message, cause);
    }
}
