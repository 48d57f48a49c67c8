package dev.gatehouse.admin;

import dev.gatehouse.persistence.Page;
import dev.gatehouse.session.SessionAdministration;
import dev.gatehouse.session.SessionQuery;
import dev.gatehouse.session.SessionStatistics;
import dev.gatehouse.session.SessionSummary;
import dev.gatehouse.web.CurrentUser;
import dev.gatehouse.web.faces.Links;
import dev.gatehouse.web.faces.Paging;
import dev.gatehouse.web.faces.RequestInput;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Backs {@code admin/sessions.xhtml}: every live session, filtered, sorted and paged on the server. All of the
 * list's state is in the URL, so views are bookmarkable; ending sessions goes through a confirmation page.
 */
@Named("adminSessionsBacking")
@RequestScoped
public class SessionsBacking {

    @Inject
    SessionAdministration sessions;

    @Inject
    CurrentUser currentUser;

    private String user;
    private String ip;
    private String sort;
    private String dir;
    private String page;
    private String size;
    private String ended;

    private Page<SessionSummary> result;
    private Paging paging;
    private SessionStatistics statistics;

    /** Runs the query once per request (from {@code f:viewAction}). */
    public void load() {
        SessionQuery query = new SessionQuery(
                RequestInput.filter("user", user),
                RequestInput.filter("ip", ip),
                sortColumn(),
                isDescending(),
                Paging.page(page),
                Paging.size(size));
        result = sessions.list(query);
        paging = new Paging(query.page(), query.size(), result.total());
        statistics = sessions.statistics();
    }

    /** The rows; also on a postback (the template's sign-out form), where no view action ran to load them. */
    public List<SessionSummary> getRows() {
        if (result == null) {
            load();
        }
        return result.rows();
    }

    public Paging getPaging() {
        if (paging == null) {
            load();
        }
        return paging;
    }

    public SessionStatistics getStatistics() {
        if (statistics == null) {
            load();
        }
        return statistics;
    }

    /** Whether this row is the session making the request. */
    public boolean isMine(SessionSummary row) {
        return row.id().equals(currentUser.getSession().sessionId());
    }

    /** The link for a column header: sort by it, flipping the direction if it is already the sort column. */
    public String sortLink(String column) {
        boolean same = sortColumn().name().equalsIgnoreCase(column.replace("-", "_"));
        return link(column, same && isDescending() ? "asc" : "desc", 1, paging.size());
    }

    /** {@code ascending}, {@code descending} or {@code none}, for {@code aria-sort}. */
    public String ariaSort(String column) {
        if (!sortColumn().name().equalsIgnoreCase(column.replace("-", "_"))) {
            return "none";
        }
        return isDescending() ? "descending" : "ascending";
    }

    public String pageLink(long target) {
        return link(sort, dir, (int) target, paging.size());
    }

    private String link(String sortBy, String direction, int targetPage, int pageSize) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("user", user);
        parameters.put("ip", ip);
        parameters.put("sort", sortBy);
        parameters.put("dir", direction);
        parameters.put("size", Integer.toString(pageSize));
        parameters.put("page", targetPage > 1 ? Integer.toString(targetPage) : null);
        return Links.query(parameters);
    }

    private SessionQuery.Sort sortColumn() {
        if (sort == null) {
            return SessionQuery.Sort.LAST_SEEN;
        }
        try {
            return SessionQuery.Sort.valueOf(sort.toUpperCase(Locale.ROOT).replace("-", "_"));
        } catch (IllegalArgumentException ignore) {
            // an unknown column in a hand-edited URL: fall back to the default order
            return SessionQuery.Sort.LAST_SEEN;
        }
    }

    private boolean isDescending() {
        return !"asc".equals(dir);
    }

    public String getUser() {
        return user;
    }

    public void setUser(String user) {
        this.user = user;
    }

    public String getIp() {
        return ip;
    }

    public void setIp(String ip) {
        this.ip = ip;
    }

    public String getSort() {
        return sort;
    }

    public void setSort(String sort) {
        this.sort = sort;
    }

    public String getDir() {
        return dir;
    }

    public void setDir(String dir) {
        this.dir = dir;
    }

    public String getPage() {
        return page;
    }

    public void setPage(String page) {
        this.page = page;
    }

    public String getSize() {
        return size;
    }

    public void setSize(String size) {
        this.size = size;
    }

    public String getEnded() {
        return ended;
    }

    /** How many sessions the previous step ended, for the notice; 400 if the URL says something else. */
    public Integer getEndedCount() {
        return RequestInput.number("ended", ended).orElse(null);
    }

    public void setEnded(String ended) {
        this.ended = ended;
    }

    public List<Integer> getSizes() {
        return Paging.SIZES;
    }
}
