package org.stacklab.kernel.conformance;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * Runs a test once per kernel-stack model ({@link AllModels}); the test method takes a
 * {@link org.stacklab.kernel.spi.KernelModelProvider} parameter and each invocation is displayed with
 * the model's name:
 *
 * <pre>{@code
 * @EveryModel
 * void nullIpcReturnsAtOnce(KernelModelProvider model) {
 *     Outcome o = Scenarios.nullIpc().run(model);
 *     ...
 * }
 * }</pre>
 */
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ParameterizedTest(name = "{0}")
@ArgumentsSource(AllModels.class)
public @interface EveryModel {
}
