package io.ucfleet.node.serviceability;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * A simulated Cisco service of this node and whether a certificate change awaits its restart
 * (flagged by {@link Serviceability#requireRestart}, in SQL).
 */
@Entity
@Table(name = "node_service")
public class ServiceState extends PanacheEntityBase {
    @Id
    public String name;
    @Column(name = "restart_required")
    public boolean restartRequired;
    /** Why, one reason a line (e.g. "tomcat regenerated"). */
    @Column(name = "restart_reasons")
    public String restartReasons;
    @Column(name = "started_at")
    public Instant startedAt;

    public Set<String> reasons() {
        return restartReasons.isEmpty() ? Set.of() : new LinkedHashSet<>(Arrays.asList(restartReasons.split("\n")));
    }

    public void started(Instant now) {
        restartRequired = false;
        restartReasons = "";
        startedAt = now;
    }
}
