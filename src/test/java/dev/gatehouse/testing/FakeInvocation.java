package dev.gatehouse.testing;

import jakarta.interceptor.InvocationContext;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.util.Map;

/** An interceptor's view of one call, for unit tests of interceptors: the method, its arguments, and a count of runs. */
public final class FakeInvocation implements InvocationContext {

    private final Object target;
    private final Method method;
    private Object[] parameters;
    private int proceeded;

    public FakeInvocation(Object target, Method method, Object... parameters) {
        this.target = target;
        this.method = method;
        this.parameters = parameters;
    }

    /** How often the intercepted method ran. */
    public int proceeded() {
        return proceeded;
    }

    @Override
    public Object getTarget() {
        return target;
    }

    @Override
    public Object getTimer() {
        return null;
    }

    @Override
    public Method getMethod() {
        return method;
    }

    @Override
    public Constructor<?> getConstructor() {
        return null;
    }

    @Override
    public Object[] getParameters() {
        return parameters;
    }

    @Override
    public void setParameters(Object[] params) {
        this.parameters = params;
    }

    @Override
    public Map<String, Object> getContextData() {
        return Map.of();
    }

    /** Runs the "method": answers {@code "done"}. */
    @Override
    public Object proceed() {
        proceeded++;
        return "done";
    }
}
