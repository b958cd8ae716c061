package io.ucfleet.node.cli;

/**
 * Who is logged in to a CLI session. The password is kept for the session only, to act as this
 * account towards ctl-service (which has the same accounts); it is never printed or logged.
 */
public record Account(String username, Privilege privilege, String password, String clientAddress) {
    @Override
    public String toString() {
        return "Account[" + username + ", privilege " + privilege.level + ", from " + clientAddress + "]";
    }
}
