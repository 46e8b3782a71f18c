package io.awsrefresh.autoconfigure;

import java.lang.reflect.Method;

import io.awsrefresh.client.AwsClientRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.util.ReflectionUtils;

import software.amazon.awssdk.core.SdkClient;

/**
 * Native-image hints for what the registry reaches by reflection, for each SDK client
 * type on the classpath when the application is built ahead of time (the scan the bean
 * registrar makes): the static {@code builder()}, {@code SERVICE_METADATA_ID}, and S3's
 * {@code forcePathStyle(Boolean)} on the public builder interface.
 */
class AwsRefreshRuntimeHints implements RuntimeHintsRegistrar {

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		// The factory method of every client bean: those registered when an injection
		// point first asks are created by reflection, with no generated code.
		Method factory = ReflectionUtils.findMethod(AwsClientBeans.class, "client", Class.class, String.class,
				AwsClientRegistry.class);
		if (factory != null) {
			hints.reflection().registerMethod(factory, ExecutableMode.INVOKE);
		}
		ClassLoader loader = (classLoader != null) ? classLoader : getClass().getClassLoader();
		for (Class<? extends SdkClient> type : AwsClientTypes.scan(loader).types()) {
			register(hints, type);
		}
	}

	private static void register(RuntimeHints hints, Class<? extends SdkClient> type) {
		try {
			Method builder = type.getMethod("builder");
			hints.reflection().registerMethod(builder, ExecutableMode.INVOKE);
			hints.reflection().registerField(type.getField("SERVICE_METADATA_ID"));
			Class<?> builderType = builder.getReturnType();
			Method forcePathStyle = builderType.getMethod("forcePathStyle", Boolean.class);
			hints.reflection().registerType(builderType);
			hints.reflection().registerMethod(forcePathStyle, ExecutableMode.INVOKE);
		}
		catch (NoSuchMethodException | NoSuchFieldException ex) {
			// Not every client has all of these: S3's alone has forcePathStyle.
		}
	}

}
