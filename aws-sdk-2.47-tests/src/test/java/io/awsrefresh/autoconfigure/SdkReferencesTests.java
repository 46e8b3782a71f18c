package io.awsrefresh.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import io.awsrefresh.credentials.AssumeRoleSpec;
import org.junit.jupiter.api.Test;

import org.springframework.asm.ClassReader;
import org.springframework.asm.ClassVisitor;
import org.springframework.asm.Handle;
import org.springframework.asm.MethodVisitor;
import org.springframework.asm.Opcodes;
import org.springframework.asm.Type;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every method, constructor and field of the AWS SDK that the starter's own classes call
 * exists in SDK 2.47.4, read from their bytecode rather than hoped for from the tests
 * that happen to reach each call. The one that does not is called only when its key is
 * set, which stops startup on this SDK. Classes of SDK modules that are optional for the
 * starter and not served at 2.47.4 are left out.
 */
class SdkReferencesTests {

	private static final String SDK = "software/amazon/awssdk/";

	/**
	 * Optional modules the starter uses when present, none of them on this class path.
	 */
	private static final List<String> ABSENT_MODULES = List.of(SDK + "enhanced/dynamodb/", SDK + "http/urlconnection/",
			SDK + "services/dynamodb/", SDK + "transfer/s3/");

	@Test
	void theStarterCallsNothingTheSdkLacksButTheGuardedMinimumSessionTokenSize() throws IOException {
		Set<String> references = sdkReferences();
		assertThat(references).as("references read").hasSizeGreaterThan(200);
		Set<String> missing = new TreeSet<>();
		for (String reference : references) {
			if (ABSENT_MODULES.stream().noneMatch(reference::startsWith) && !exists(reference)) {
				missing.add(reference);
			}
		}
		assertThat(missing).containsExactly("software/amazon/awssdk/services/sts/model/AssumeRoleRequest$Builder"
				+ ".minimumSessionTokenSize(Ljava/lang/Integer;)Lsoftware/amazon/awssdk/services/sts/model/AssumeRoleRequest$Builder;");
	}

	/**
	 * {@code owner} for a class, {@code owner.name descriptor} for a member, of every SDK
	 * reference in the starter's classes: calls, field reads and writes, method
	 * references.
	 */
	private Set<String> sdkReferences() throws IOException {
		String location = AssumeRoleSpec.class.getProtectionDomain().getCodeSource().getLocation().getPath();
		Set<String> references = new TreeSet<>();
		Resource[] classes = new PathMatchingResourcePatternResolver()
			.getResources("classpath*:io/awsrefresh/**/*.class");
		int read = 0;
		for (Resource resource : classes) {
			if (!resource.getURL().getPath().contains(location)) {
				continue;
			}
			read++;
			try (InputStream in = resource.getInputStream()) {
				new ClassReader(in).accept(new References(references), ClassReader.SKIP_FRAMES);
			}
		}
		assertThat(read).as("starter classes read from %s", location).isGreaterThan(100);
		return references;
	}

	private static boolean exists(String reference) {
		int dot = reference.indexOf('.');
		String owner = (dot < 0) ? reference : reference.substring(0, dot);
		Class<?> type;
		try {
			type = Class.forName(owner.replace('/', '.'), false, SdkReferencesTests.class.getClassLoader());
		}
		catch (ClassNotFoundException | LinkageError ex) {
			return false;
		}
		if (dot < 0) {
			return true;
		}
		String member = reference.substring(dot + 1);
		int paren = member.indexOf('(');
		return (paren < 0) ? hasField(type, member.substring(0, member.indexOf(' ')))
				: hasMethod(type, member.substring(0, paren), member.substring(paren));
	}

	private static boolean hasMethod(Class<?> type, String name, String descriptor) {
		for (Class<?> each : hierarchy(type)) {
			if (name.equals("<init>")) {
				for (Constructor<?> constructor : each.getDeclaredConstructors()) {
					if (Type.getConstructorDescriptor(constructor).equals(descriptor)) {
						return true;
					}
				}
			}
			for (Method method : each.getDeclaredMethods()) {
				if (method.getName().equals(name) && Type.getMethodDescriptor(method).equals(descriptor)) {
					return true;
				}
			}
		}
		return false;
	}

	private static boolean hasField(Class<?> type, String name) {
		for (Class<?> each : hierarchy(type)) {
			if (Arrays.stream(each.getDeclaredFields()).anyMatch((field) -> field.getName().equals(name))) {
				return true;
			}
		}
		return false;
	}

	private static Set<Class<?>> hierarchy(Class<?> type) {
		Set<Class<?>> seen = new HashSet<>();
		Deque<Class<?>> todo = new ArrayDeque<>(List.of(type));
		while (!todo.isEmpty()) {
			Class<?> each = todo.poll();
			if (seen.add(each)) {
				if (each.getSuperclass() != null) {
					todo.add(each.getSuperclass());
				}
				todo.addAll(Arrays.asList(each.getInterfaces()));
			}
		}
		return seen;
	}

	private static final class References extends ClassVisitor {

		private final Set<String> references;

		References(Set<String> references) {
			super(Opcodes.ASM9);
			this.references = references;
		}

		@Override
		public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
				String[] exceptions) {
			return new MethodVisitor(Opcodes.ASM9) {

				@Override
				public void visitMethodInsn(int opcode, String owner, String name, String descriptor,
						boolean isInterface) {
					add(owner, name + descriptor);
				}

				@Override
				public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
					add(owner, name + " " + descriptor);
				}

				@Override
				public void visitTypeInsn(int opcode, String type) {
					add(type, null);
				}

				@Override
				public void visitLdcInsn(Object value) {
					if (value instanceof Type type && type.getSort() == Type.OBJECT) {
						add(type.getInternalName(), null);
					}
				}

				@Override
				public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrap,
						Object... arguments) {
					for (Object argument : arguments) {
						if (argument instanceof Handle handle) {
							add(handle.getOwner(), handle.getName() + handle.getDesc());
						}
					}
				}

			};
		}

		private void add(String owner, String member) {
			if (owner.startsWith(SDK)) {
				this.references.add((member != null) ? owner + "." + member : owner);
			}
		}

	}

}
