package dev.gatehouse.admin;

import dev.gatehouse.admin.UserAdministration.UserSummary;
import dev.gatehouse.persistence.Page;
import dev.gatehouse.web.CurrentUser;
import dev.gatehouse.web.faces.Links;
import dev.gatehouse.web.faces.Paging;
import dev.gatehouse.web.faces.RequestInput;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Backs {@code admin/users.xhtml}: search and page through accounts. */
@Named("adminUsersBacking")
@RequestScoped
public class UsersBacking {

    @Inject
    UserAdministration administration;

    @Inject
    CurrentUser currentUser;

    private String search;
    private String page;
    private String size;

    private Page<UserSummary> result;
    private Paging paging;

    /** Runs the search once per request (from {@code f:viewAction}). */
    public void load() {
        int pageSize = Paging.size(size);
        int pageNumber = Paging.page(page);
        result = administration.list(
                currentUser.actor(),
                RequestInput.filter("q", search).orElse(""),
                (pageNumber - 1) * pageSize,
                pageSize);
        paging = new Paging(pageNumber, pageSize, result.total());
    }

    /** The rows; also on a postback (the template's sign-out form), where no view action ran to load them. */
    public List<UserSummary> getRows() {
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

    public String pageLink(long target) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("q", search);
        parameters.put("size", Integer.toString(paging.size()));
        parameters.put("page", Long.toString(target));
        return Links.query(parameters);
    }

    public String getSearch() {
        return search;
    }

    public void setSearch(String search) {
        this.search = search;
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
