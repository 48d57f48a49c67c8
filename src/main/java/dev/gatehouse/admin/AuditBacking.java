package dev.gatehouse.admin;

import dev.gatehouse.audit.AuditEvent;
import dev.gatehouse.audit.AuditEventType;
import dev.gatehouse.audit.AuditLog;
import dev.gatehouse.persistence.Page;
import dev.gatehouse.user.Usernames;
import dev.gatehouse.web.faces.Links;
import dev.gatehouse.web.faces.Paging;
import dev.gatehouse.web.faces.RequestInput;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Backs {@code admin/audit.xhtml}: the audit trail, newest first, filtered by user, event type and dates (UTC). */
@Named("adminAuditBacking")
@RequestScoped
public class AuditBacking {

    @Inject
    AuditLog audit;

    private String user;
    private String type;
    private String from;
    private String until;
    private String page;
    private String size;

    private Page<AuditEvent> result;
    private Paging paging;

    /** Runs the query once per request (from {@code f:viewAction}). */
    public void load() {
        int pageSize = Paging.size(size);
        int pageNumber = Paging.page(page);
        AuditLog.Filter filter = new AuditLog.Filter(
                RequestInput.filter("user", user).map(Usernames::normalise),
                eventType(),
                RequestInput.day("from", from),
                RequestInput.day("until", until).map(d -> d.plusSeconds(86_400)));
        result = audit.list(filter, (pageNumber - 1) * pageSize, pageSize);
        paging = new Paging(pageNumber, pageSize, result.total());
    }

    /** The rows; also on a postback (the template's sign-out form), where no view action ran to load them. */
    public List<AuditEvent> getRows() {
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

    public List<String> getTypes() {
        return Arrays.stream(AuditEventType.values()).map(Enum::name).toList();
    }

    public String pageLink(long target) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("user", user);
        parameters.put("type", type);
        parameters.put("from", from);
        parameters.put("until", until);
        parameters.put("size", Integer.toString(paging.size()));
        parameters.put("page", Long.toString(target));
        return Links.query(parameters);
    }

    private Optional<AuditEventType> eventType() {
        try {
            return RequestInput.filter("type", type).map(AuditEventType::valueOf);
        } catch (IllegalArgumentException ignore) {
            // an unknown type in a hand-edited URL: no type filter
            return Optional.empty();
        }
    }

    public String getUser() {
        return user;
    }

    public void setUser(String user) {
        this.user = user;
    }

    public String getType() {
        return type;
    }

    public void setType(String type) {
        this.type = type;
    }

    public String getFrom() {
        return from;
    }

    public void setFrom(String from) {
        this.from = from;
    }

    public String getUntil() {
        return until;
    }

    public void setUntil(String until) {
        this.until = until;
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
}
