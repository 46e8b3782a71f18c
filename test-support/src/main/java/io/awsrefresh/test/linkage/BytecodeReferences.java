package io.awsrefresh.test.linkage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;

import org.springframework.asm.AnnotationVisitor;
import org.springframework.asm.ClassReader;
import org.springframework.asm.ClassVisitor;
import org.springframework.asm.FieldVisitor;
import org.springframework.asm.Handle;
import org.springframework.asm.MethodVisitor;
import org.springframework.asm.Opcodes;
import org.springframework.asm.Type;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * What a jar's bytecode calls in a library, and which of those calls the library on the
 * class path lacks: for modules that run the starter, compiled against one version of a
 * library, on another. A test reaches only some calls; this reads them all. A reference
 * is {@code owner} for a class, {@code owner.name(descriptor)} for a method or
 * constructor, {@code owner.name descriptor} for a field, with internal names
 * ({@code software/amazon/awssdk/...}).
 */
public final class BytecodeReferences {

	private BytecodeReferences() {
	}

	/**
	 * Every reference to classes whose internal names start with a prefix, from the
	 * {@code io.awsrefresh} classes of the jar (or directory) that holds a class: calls,
	 * field reads and writes, instantiations, class literals, method references, and the
	 * types a class names where reflection reads them (supertypes, annotations, the
	 * parameter, return and field types of its declarations, as Spring reads those of
	 * {@code @Bean} methods).
	 * @param anchor a class of the jar to read
	 * @param prefix the library's internal name prefix, such as
	 * {@code software/amazon/awssdk/}
	 * @return the references, sorted
	 */
	public static Set<String> of(Class<?> anchor, String prefix) {
		String location = anchor.getProtectionDomain().getCodeSource().getLocation().getPath();
		Set<String> references = new TreeSet<>();
		try {
			int read = 0;
			for (Resource resource : new PathMatchingResourcePatternResolver()
				.getResources("classpath*:io/awsrefresh/**/*.class")) {
				if (resource.getURL().getPath().contains(location)) {
					try (InputStream in = resource.getInputStream()) {
						new ClassReader(in).accept(new References(prefix, references), ClassReader.SKIP_FRAMES);
					}
					read++;
				}
			}
			if (read == 0) {
				throw new IllegalStateException("No io.awsrefresh class read from " + location);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return references;
	}

	/**
	 * The references that the class path of a class loader cannot link: a class it does
	 * not hold, or a member no class of the owner's hierarchy declares.
	 * @param references the references
	 * @param loader the class loader
	 * @return those missing, sorted
	 */
	public static Set<String> missing(Set<String> references, ClassLoader loader) {
		Set<String> missing = new TreeSet<>();
		for (String reference : references) {
			if (!exists(reference, loader)) {
				missing.add(reference);
			}
		}
		return missing;
	}

	private static boolean exists(String reference, ClassLoader loader) {
		int dot = reference.indexOf('.');
		String owner = (dot < 0) ? reference : reference.substring(0, dot);
		Class<?> type;
		try {
			type = Class.forName(owner.replace('/', '.'), false, loader);
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
		if (name.equals("<init>")) {
			// Constructors are not inherited.
			return Arrays.stream(type.getDeclaredConstructors())
				.anyMatch((constructor) -> Type.getConstructorDescriptor(constructor).equals(descriptor));
		}
		for (Class<?> each : hierarchy(type)) {
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

	/**
	 * A class, its superclasses and every interface it implements, and {@link Object}:
	 * the JVM links a call of an {@code Object} method on an interface type (which JDK
	 * 25's javac writes as such) to {@code Object}'s.
	 */
	private static Set<Class<?>> hierarchy(Class<?> type) {
		Set<Class<?>> seen = new HashSet<>();
		Deque<Class<?>> todo = new ArrayDeque<>(List.of(type, Object.class));
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

		private final String prefix;

		private final Set<String> references;

		References(String prefix, Set<String> references) {
			super(Opcodes.ASM9);
			this.prefix = prefix;
			this.references = references;
		}

		@Override
		public void visit(int version, int access, String name, @Nullable String signature, @Nullable String superName,
				String @Nullable [] interfaces) {
			if (superName != null) {
				add(superName, null);
			}
			if (interfaces != null) {
				Arrays.stream(interfaces).forEach((type) -> add(type, null));
			}
		}

		@Override
		public @Nullable AnnotationVisitor visitAnnotation(String descriptor, boolean visible) {
			addTypes(descriptor);
			return null;
		}

		@Override
		public @Nullable FieldVisitor visitField(int access, String name, String descriptor, @Nullable String signature,
				@Nullable Object value) {
			addTypes(descriptor);
			return new FieldVisitor(Opcodes.ASM9) {

				@Override
				public @Nullable AnnotationVisitor visitAnnotation(String descriptor, boolean visible) {
					addTypes(descriptor);
					return null;
				}

			};
		}

		@Override
		public MethodVisitor visitMethod(int access, String name, String descriptor, @Nullable String signature,
				String @Nullable [] exceptions) {
			addTypes(descriptor);
			return new MethodVisitor(Opcodes.ASM9) {

				@Override
				public @Nullable AnnotationVisitor visitAnnotation(String descriptor, boolean visible) {
					addTypes(descriptor);
					return null;
				}

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
					if (value instanceof Type type) {
						addType(type);
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

		/**
		 * The classes a type or method descriptor names.
		 */
		private void addTypes(String descriptor) {
			Type type = Type.getType(descriptor);
			if (type.getSort() == Type.METHOD) {
				Arrays.stream(type.getArgumentTypes()).forEach(this::addType);
				addType(type.getReturnType());
			}
			else {
				addType(type);
			}
		}

		private void addType(Type type) {
			Type element = (type.getSort() == Type.ARRAY) ? type.getElementType() : type;
			if (element.getSort() == Type.OBJECT) {
				add(element.getInternalName(), null);
			}
		}

		private void add(String owner, @Nullable String member) {
			if (owner.startsWith(this.prefix)) {
				this.references.add((member != null) ? owner + "." + member : owner);
			}
		}

	}

}
