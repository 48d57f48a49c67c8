package dev.gatehouse.example;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.HttpConstraint;
import jakarta.servlet.annotation.ServletSecurity;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** An intranet application's own page, protected by role through the container ({@code @ServletSecurity}). */
@WebServlet("/example/report")
@ServletSecurity(@HttpConstraint(rolesAllowed = "admin"))
public class ReportPage extends HttpServlet {

    @Inject
    QuarterlyReport report;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/html;charset=UTF-8");
        response.getWriter()
                .write("<!DOCTYPE html><title>Report</title><h1>Quarterly report</h1><p id=\"summary\">"
                        + report.summary().replace("<", "&lt;") + "</p>");
    }
}
