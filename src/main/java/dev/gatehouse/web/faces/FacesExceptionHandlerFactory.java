package dev.gatehouse.web.faces;

import dev.gatehouse.session.ReauthenticationRequiredException;
import dev.gatehouse.web.DatabaseUnavailableException;
import dev.gatehouse.web.ExpectedFailureLog;
import dev.gatehouse.web.SudoPrompt;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.faces.application.ViewExpiredException;
import jakarta.faces.context.ExceptionHandler;
import jakarta.faces.context.ExceptionHandlerFactory;
import jakarta.faces.context.ExceptionHandlerWrapper;
import jakarta.faces.context.FacesContext;
import jakarta.faces.event.ExceptionQueuedEvent;
import jakarta.faces.event.PhaseId;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.System.Logger.Level;
import java.util.Iterator;

/**
 * Sends an action that needs a recent sign-in (sudo mode) to the re-authentication page, and turns two expected
 * failures into clear answers instead of a 500: a form whose view state cannot be restored
 * (stale after a restart, truncated, or forged) becomes a {@link ViewExpiredException} (400, "please try
 * again"), and an unreachable database becomes a {@link DatabaseUnavailableException} (503).
 */
public class FacesExceptionHandlerFactory extends ExceptionHandlerFactory {

    private static final System.Logger LOG = System.getLogger(FacesExceptionHandlerFactory.class.getName());
    private static final ExpectedFailureLog INVALID_INPUT =
            new ExpectedFailureLog(FacesExceptionHandlerFactory.class, Level.INFO);

    public FacesExceptionHandlerFactory(ExceptionHandlerFactory wrapped) {
        super(wrapped);
    }

    @Override
    public ExceptionHandler getExceptionHandler() {
        return new RestoreViewFailureHandler(getWrapped().getExceptionHandler());
    }

    private static <T extends Throwable> T causeOfType(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static final class RestoreViewFailureHandler extends ExceptionHandlerWrapper {

        RestoreViewFailureHandler(ExceptionHandler wrapped) {
            super(wrapped);
        }

        @Override
        public void handle() {
            Iterator<ExceptionQueuedEvent> events =
                    getUnhandledExceptionQueuedEvents().iterator();
            while (events.hasNext()) {
                ExceptionQueuedEvent event = events.next();
                Throwable failure = event.getContext().getException();
                ReauthenticationRequiredException sudo = causeOfType(failure, ReauthenticationRequiredException.class);
                if (sudo != null) {
                    events.remove();
                    askForProofs(sudo);
                    continue;
                }
                InvalidInputException invalid = causeOfType(failure, InvalidInputException.class);
                if (invalid != null) {
                    events.remove();
                    INVALID_INPUT.log("Refused a request: {0}", invalid.getMessage());
                    throw invalid;
                }
                if (DatabaseUnavailableException.isCauseOf(failure)) {
                    events.remove();
                    LOG.log(Level.WARNING, "Database unavailable during a page request: {0}", failure.toString());
                    throw new DatabaseUnavailableException(failure);
                }
                if (event.getContext().getPhaseId() == PhaseId.RESTORE_VIEW
                        && !(failure instanceof ViewExpiredException)) {
                    events.remove();
                    String viewId = FacesContext.getCurrentInstance()
                            .getExternalContext()
                            .getRequestServletPath();
                    LOG.log(
                            Level.INFO,
                            "Could not restore the view state posted to {0}: {1}",
                            viewId,
                            failure.toString());
                    throw new ViewExpiredException("The posted view state could not be restored", viewId);
                }
            }
            getWrapped().handle();
        }

        /** Sudo mode: the action needs a recent proof; hold the request and ask for the proofs again. */
        private static void askForProofs(ReauthenticationRequiredException refused) {
            FacesContext faces = FacesContext.getCurrentInstance();
            var external = faces.getExternalContext();
            CDI.current()
                    .select(SudoPrompt.class)
                    .get()
                    .ask(
                            (HttpServletRequest) external.getRequest(),
                            (HttpServletResponse) external.getResponse(),
                            refused);
            faces.responseComplete();
        }
    }
}
