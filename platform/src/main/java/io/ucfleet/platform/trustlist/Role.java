package io.ucfleet.platform.trustlist;

import java.util.Arrays;
import java.util.Optional;

/**
 * Record FUNCTION codes (ctl-format.md §1.5). There is no ITLRecovery code: ITLRecovery is
 * SAST. {@code display} is what {@code show ctl} prints.
 */
public enum Role {
    SAST(0, "System Administrator Security Token"),
    CCM(1, "CCM"),
    CCM_TFTP(2, "CCM+TFTP"),
    TFTP(3, "TFTP"),
    CAPF(4, "CAPF"),
    SRST(5, "SRST"),
    APP_SERVER(7, "APP-SERVER"),
    TVS(21, "TVS");

    public final int code;
    public final String display;

    Role(int code, String display) {
        this.code = code;
        this.display = display;
    }

    public static Optional<Role> ofCode(int code) {
        return Arrays.stream(values()).filter(r -> r.code == code).findFirst();
    }
}
