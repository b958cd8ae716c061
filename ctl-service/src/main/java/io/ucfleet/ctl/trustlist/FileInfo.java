package io.ucfleet.ctl.trustlist;

import java.time.Instant;

import io.ucfleet.ctl.trustlist.TrustListStore.StoredFile;
import io.ucfleet.platform.cluster.TrustListKind;

/** One stored CTL or ITL version as the API lists it: where phones get it, its checksums, why it was built. */
public record FileInfo(String file, String kind, String tftpNode, int version, int length, String md5, String sha1,
        String digest, String securityMode, String reason, Instant createdAt) {
    static FileInfo of(StoredFile f) {
        return new FileInfo(f.kind().equals(TrustListKind.CTL.name()) ? TrustListKind.CTL.fileName
                : f.tftpNode() + "/" + TrustListKind.ITL.fileName, f.kind(), f.tftpNode().isEmpty() ? null : f.tftpNode(),
                f.version(), f.length(), f.md5(), f.sha1(), f.digest(), f.securityMode(), f.reason(), f.createdAt());
    }
}
