package io.ucfleet.node.crl;

import java.time.Instant;
import java.util.List;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** One loaded CRL: its source, the facts the page lists, and its DER. */
@Entity
@Table(name = "crl")
public class CrlRow extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Enumerated(EnumType.STRING)
    public CrlSource source;
    @Column(name = "distribution_point")
    public String distributionPoint;
    public String issuer;
    @Column(name = "issuer_common_name")
    public String issuerCommonName;
    @Column(name = "this_update")
    public Instant thisUpdate;
    @Column(name = "next_update")
    public Instant nextUpdate;
    @Column(name = "crl_number")
    public String crlNumber;
    public int entries;
    public String sha256;
    public byte[] der;
    @Column(name = "loaded_at")
    public Instant loadedAt;

    static CrlRow of(CrlSource source, String distributionPoint, CrlFacts facts, Instant now) {
        CrlRow row = new CrlRow();
        row.source = source;
        row.distributionPoint = distributionPoint;
        row.issuer = facts.issuer();
        row.issuerCommonName = facts.issuerCommonName();
        row.thisUpdate = facts.thisUpdate();
        row.nextUpdate = facts.nextUpdate();
        row.crlNumber = facts.crlNumber();
        row.entries = facts.entries();
        row.sha256 = facts.sha256();
        row.der = facts.der();
        row.loadedAt = now;
        return row;
    }

    public boolean expiredAt(Instant now) {
        return nextUpdate != null && now.isAfter(nextUpdate);
    }

    static List<CrlRow> bySource(CrlSource source) {
        return list("source = ?1 order by id", source);
    }

    static List<CrlRow> byIssuer(String issuer) {
        return list("issuer = ?1 order by id", issuer);
    }

    /** The list without the DER column's weight: the page shows facts only. */
    static List<CrlRow> all() {
        return list("order by source, issuer, id");
    }
}
