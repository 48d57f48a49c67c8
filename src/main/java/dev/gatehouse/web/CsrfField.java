package dev.gatehouse.web;

import jakarta.enterprise.inject.spi.CDI;
import jakarta.faces.component.UIComponentBase;
import jakarta.faces.context.FacesContext;
import jakarta.faces.context.ResponseWriter;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;

/** The hidden form-token input that {@link CsrfFieldInstaller} puts into every form; renders itself. */
public class CsrfField extends UIComponentBase {

    static final String FAMILY = "dev.gatehouse.CsrfField";

    public CsrfField() {
        setTransient(true);
        setRendererType(null);
    }

    @Override
    public String getFamily() {
        return FAMILY;
    }

    @Override
    public void encodeBegin(FacesContext context) throws IOException {
        String token = CDI.current().select(CsrfProtection.class).get().tokenFor((HttpServletRequest)
                context.getExternalContext().getRequest());
        ResponseWriter writer = context.getResponseWriter();
        writer.startElement("input", this);
        writer.writeAttribute("type", "hidden", null);
        writer.writeAttribute("name", CsrfTokens.FIELD, null);
        writer.writeAttribute("value", token, null);
        writer.endElement("input");
    }
}
