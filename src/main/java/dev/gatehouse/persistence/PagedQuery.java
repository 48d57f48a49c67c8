package dev.gatehouse.persistence;

import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A page of a JPQL list and its total: the conditions and parameters are stated once and serve both the row query
 * and the count, so the two cannot disagree. LIKE patterns are escaped here and nowhere else.
 */
public final class PagedQuery<T> {

    /** What every LIKE condition says after its pattern; the patterns made here escape with {@code !}. */
    public static final String LIKE_ESCAPE = "escape '!'";

    private final Class<T> type;
    private final String select;
    private final String count;
    private final List<String> conditions = new ArrayList<>();
    private final Map<String, Object> parameters = new LinkedHashMap<>();

    private PagedQuery(Class<T> type, String select, String count) {
        this.type = type;
        this.select = select;
        this.count = count;
    }

    /**
     * Rows of {@code type} from {@code select}, counted by {@code count}; both stop where a where clause would begin.
     */
    public static <T> PagedQuery<T> of(Class<T> type, String select, String count) {
        return new PagedQuery<>(type, select, count);
    }

    /**
     * Adds a condition, joined to the others with {@code and}; one containing {@code or} brings its own parentheses.
     */
    public PagedQuery<T> where(String condition) {
        conditions.add(condition);
        return this;
    }

    /** Adds a condition and the one parameter it names. */
    public PagedQuery<T> where(String condition, String parameter, Object value) {
        return where(condition).bind(parameter, value);
    }

    /** Binds a parameter of a condition. */
    public PagedQuery<T> bind(String parameter, Object value) {
        parameters.put(parameter, value);
        return this;
    }

    /** The {@code size} rows from {@code first} (0-based) in {@code orderBy} order, and how many match in all. */
    public Page<T> page(EntityManager em, String orderBy, int first, int size) {
        String where = conditions.isEmpty() ? "" : " where " + String.join(" and ", conditions);
        TypedQuery<T> rows = em.createQuery(select + where + " order by " + orderBy, type);
        TypedQuery<Long> total = em.createQuery(count + where, Long.class);
        parameters.forEach((name, value) -> {
            rows.setParameter(name, value);
            total.setParameter(name, value);
        });
        List<T> page = rows.setFirstResult(first).setMaxResults(size).getResultList();
        return new Page<>(page, total.getSingleResult());
    }

    /** A LIKE pattern for text that starts with {@code prefix}, taken literally. */
    public static String startingWith(String prefix) {
        return escape(prefix) + "%";
    }

    /** A LIKE pattern for text that contains {@code part}, taken literally. */
    public static String containing(String part) {
        return "%" + escape(part) + "%";
    }

    private static String escape(String text) {
        return text.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }
}
