package io.ucfleet.node.inventory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;

/** "Find Certificate List where ...": the filtered, paged certificate list of this node. */
@ApplicationScoped
public class CertificateFinder {
    @jakarta.inject.Inject
    Inventory inventory;

    public record Result(List<CertificateEntry> items, int page, int size, long total) {
    }

    @Transactional
    public Result find(CertificateQuery query) {
        query.unit().ifPresent(inventory::requireUnit);
        List<String> where = new ArrayList<>();
        Map<String, Object> parameters = new HashMap<>();
        query.commonName().ifPresent(cn -> {
            where.add("lower(commonName) like :cn escape '\\'");
            parameters.put("cn", "%" + escapeLike(cn.toLowerCase(Locale.ROOT)) + "%");
        });
        query.expiresBefore().ifPresent(t -> {
            where.add("notAfter < :before");
            parameters.put("before", t);
        });
        query.expiresAfter().ifPresent(t -> {
            where.add("notAfter > :after");
            parameters.put("after", t);
        });
        query.keyType().ifPresent(k -> {
            where.add("keyType = :keyType");
            parameters.put("keyType", k);
        });
        query.usage().ifPresent(u -> {
            where.add("usage = :usage");
            parameters.put("usage", u);
        });
        query.unit().ifPresent(u -> {
            where.add("unit = :unit");
            parameters.put("unit", u);
        });
        query.match().ifPresent(m -> {
            where.add("lower(cast(" + m.column().attribute + " as String)) like :match escape '\\'");
            String text = escapeLike(m.text().toLowerCase(Locale.ROOT));
            parameters.put("match", (m.beginsWith() ? "" : "%") + text + "%");
        });
        String hql = where.isEmpty() ? "1 = 1" : String.join(" and ", where);
        Sort order = query.order().map(o -> Sort.by(o.column().attribute,
                o.descending() ? Sort.Direction.Descending : Sort.Direction.Ascending).and("unit")).orElse(Sort.by("unit"))
                .and("commonName").and("id");
        var found = CertificateEntry.find(hql, order, parameters);
        List<CertificateEntry> items = found.page(Page.of(query.page(), query.size())).list();
        return new Result(items, query.page(), query.size(), found.count());
    }

    private static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
