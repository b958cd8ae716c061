package io.ucfleet.sync.api;

/** A request cluster-sync refuses (400); the message is ours and becomes the problem's detail. */
public class InvalidRequest extends RuntimeException {
    public InvalidRequest(String detail) {
        super(detail);
    }
}
