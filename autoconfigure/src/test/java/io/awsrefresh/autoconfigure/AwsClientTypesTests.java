package io.awsrefresh.autoconfigure;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.asm.ClassWriter;
import org.springframework.asm.MethodVisitor;
import org.springframework.asm.Opcodes;
import org.springframework.boot.test.context.FilteredClassLoader;

import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsAsyncClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.s3.DelegatingS3Client;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sts.StsAsyncClient;
import software.amazon.awssdk.services.sts.StsClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The service client interfaces on the classpath, found by listing the jars and
 * directories that hold {@code software/amazon/awssdk/services/}: the interfaces named
 * {@code *Client} directly in a service package that extend {@code AwsClient}, sync and
 * async alike, sorted by name. The implementations next to them, classes, interfaces that
 * extend only {@code SdkClient}, classes deeper in the package tree and classes the class
 * loader does not load are left out, and no class found is initialized. Service ids are
 * read only when asked for.
 */
class AwsClientTypesTests {

	private static final String AWS_CLIENT = "software/amazon/awssdk/awscore/AwsClient";

	private static final String SDK_CLIENT = "software/amazon/awssdk/core/SdkClient";

	private static final String BUILDER = "()Lsoftware/amazon/awssdk/awscore/client/builder/AwsClientBuilder;";

	private static final String FAKE = "software/amazon/awssdk/services/fake/";

	@Test
	void theTestClasspathsSyncAndAsyncClientsAreFoundSortedByName() {
		AwsClientTypes types = AwsClientTypes.scan(getClass().getClassLoader());
		// The services the module's pom puts on the test classpath: sts, and s3, sqs and
		// dynamodb (with its streams service) for tests.
		assertThat(types.types()).containsExactly(DynamoDbAsyncClient.class, DynamoDbClient.class,
				DynamoDbStreamsAsyncClient.class, DynamoDbStreamsClient.class, S3AsyncClient.class, S3Client.class,
				SqsAsyncClient.class, SqsClient.class, StsAsyncClient.class, StsClient.class);
		assertThat(types.serviceIds()).containsExactly("dynamodb", "s3", "sqs", "streams.dynamodb", "sts");
	}

	@Test
	void theImplementationsNextToTheInterfacesAreLeftOut() {
		AwsClientTypes types = AwsClientTypes.scan(getClass().getClassLoader());
		assertThat(types.types()).doesNotContain(DelegatingS3Client.class)
			.allSatisfy((type) -> assertThat(type).isInterface())
			.noneMatch((type) -> type.getSimpleName().startsWith("Default"));
	}

	@Test
	void aServiceModuleTheClassLoaderDoesNotLoadIsLeftOut() {
		AwsClientTypes types = AwsClientTypes.scan(new FilteredClassLoader("software.amazon.awssdk.services.s3."));
		assertThat(types.serviceIds()).containsExactly("dynamodb", "sqs", "streams.dynamodb", "sts");
		assertThat(types.types()).hasSize(8).doesNotContain(S3Client.class, S3AsyncClient.class);
	}

	@Test
	void onlyAwsClientInterfacesNamedClientInAServicePackageAreClients(@TempDir Path classpath) throws Exception {
		write(classpath, new ClassFile(FAKE + "FakeClient").builder(BUILDER).serviceId("Fake").failingInitializer());
		write(classpath, new ClassFile(FAKE + "FakeAsyncClient").builder(BUILDER).serviceId("Fake"));
		write(classpath, new ClassFile(FAKE + "DefaultFakeClient").builder(BUILDER).serviceId("default"));
		write(classpath, new ClassFile(FAKE + "DelegatingFakeClient").builder(BUILDER).serviceId("delegating"));
		write(classpath, new ClassFile(FAKE + "FakeUtilities").builder(BUILDER).serviceId("utilities"));
		write(classpath, new ClassFile(FAKE + "SdkOnlyClient").extending(SDK_CLIENT).builder(BUILDER).serviceId("sdk"));
		write(classpath,
				new ClassFile(FAKE + "AbstractClassClient").notAnInterface().builder(BUILDER).serviceId("class"));
		write(classpath, new ClassFile(FAKE + "model/NestedClient").builder(BUILDER).serviceId("nested"));
		// A service one package deeper, as DynamoDB's streams service is.
		write(classpath, new ClassFile(FAKE + "streams/FakeStreamsClient").builder(BUILDER).serviceId("streams"));
		try (URLClassLoader loader = new URLClassLoader(new URL[] { classpath.toUri().toURL() },
				getClass().getClassLoader())) {
			AwsClientTypes types = AwsClientTypes.scan(loader);
			assertThat(fakes(types)).containsExactly("FakeAsyncClient", "FakeClient", "FakeStreamsClient");
			// Found and loaded, but not initialized: its initializer throws.
			assertThatExceptionOfType(ExceptionInInitializerError.class)
				.isThrownBy(() -> Class.forName("software.amazon.awssdk.services.fake.FakeClient", true, loader));
		}
	}

	@Test
	void theSdksWarmUpIndexFindsWhatListingEveryEntryFinds() {
		// The test classpath's service jars (SDK 2.59 or later) carry the index.
		ClassLoader loader = getClass().getClassLoader();
		assertThat(AwsClientTypes.scan(loader).types()).isEqualTo(AwsClientTypes.list(loader).types()).hasSize(10);
	}

	@Test
	void aServicesIndexNamesItsClientsAndOnlyThoseAreRead(@TempDir Path classpath) throws Exception {
		writeIndex(classpath, "# the SDK's comment",
				"software.amazon.awssdk.services.fake.internal.warmup.FakeWarmUpProvider",
				"software.amazon.awssdk.services.fake.streams.internal.warmup.FakeStreamsWarmUpProvider");
		write(classpath, new ClassFile(FAKE + "FakeClient").builder(BUILDER));
		write(classpath, new ClassFile(FAKE + "FakeAsyncClient").builder(BUILDER));
		// Not named by the index: the index is trusted, so the jar is not listed.
		write(classpath, new ClassFile(FAKE + "UnindexedClient").builder(BUILDER));
		try (URLClassLoader loader = new URLClassLoader(new URL[] { classpath.toUri().toURL() },
				getClass().getClassLoader())) {
			assertThat(fakes(AwsClientTypes.scan(loader))).containsExactly("FakeAsyncClient", "FakeClient");
			assertThat(fakes(AwsClientTypes.list(loader))).containsExactly("FakeAsyncClient", "FakeClient",
					"UnindexedClient");
		}
	}

	@Test
	void anIndexOfAnotherShapeIsIgnoredAndTheJarListed(@TempDir Path classpath) throws Exception {
		writeIndex(classpath, "com.example.SomeWarmUp");
		write(classpath, new ClassFile(FAKE + "FakeClient").builder(BUILDER));
		write(classpath, new ClassFile(FAKE + "UnindexedClient").builder(BUILDER));
		try (URLClassLoader loader = new URLClassLoader(new URL[] { classpath.toUri().toURL() },
				getClass().getClassLoader())) {
			assertThat(fakes(AwsClientTypes.scan(loader))).containsExactly("FakeClient", "UnindexedClient");
		}
	}

	private static void writeIndex(Path classpath, String... lines) throws IOException {
		Path index = classpath.resolve("META-INF/services/software.amazon.awssdk.core.warmup.SdkWarmUpProvider");
		Files.createDirectories(index.getParent());
		Files.write(index, List.of(lines));
	}

	@Test
	void serviceIdsAreReadFromTheClassFilesWithoutInitializingTheInterfaces(@TempDir Path classpath) throws Exception {
		// A service's sync and async clients share their id: one of them is read.
		write(classpath, new ClassFile(FAKE + "FakeAsyncClient").builder(BUILDER).serviceId("Fake"));
		write(classpath, new ClassFile(FAKE + "FakeClient").builder(BUILDER).serviceId("Fake").failingInitializer());
		// Without a string constant, the next interface of the package is read.
		String neighbour = "software/amazon/awssdk/services/neighbour/";
		write(classpath, new ClassFile(neighbour + "NeighbourAsyncClient").builder(BUILDER).serviceId(7));
		write(classpath, new ClassFile(neighbour + "NeighbourClient").builder(BUILDER).serviceId("Neighbour"));
		write(classpath, new ClassFile("software/amazon/awssdk/services/none/NoneClient").builder(BUILDER));
		try (URLClassLoader loader = new URLClassLoader(new URL[] { classpath.toUri().toURL() },
				getClass().getClassLoader())) {
			AwsClientTypes types = AwsClientTypes.scan(loader);
			assertThat(types.serviceIds()).containsExactly("dynamodb", "fake", "neighbour", "s3", "sqs",
					"streams.dynamodb", "sts");
			assertThatExceptionOfType(ExceptionInInitializerError.class)
				.isThrownBy(() -> Class.forName("software.amazon.awssdk.services.fake.FakeClient", true, loader));
		}
	}

	@Test
	void typesGivenAreSortedByNameAndCannotBeChanged() {
		AwsClientTypes types = new AwsClientTypes(List.of(StsClient.class, S3Client.class, S3AsyncClient.class));
		assertThat(types.types()).containsExactly(S3AsyncClient.class, S3Client.class, StsClient.class);
		assertThat(types.serviceIds()).containsExactly("s3", "sts");
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> types.types().clear());
		assertThat(new AwsClientTypes(List.of()).types()).isEmpty();
	}

	private static List<String> fakes(AwsClientTypes types) {
		return types.types()
			.stream()
			.filter((type) -> type.getName().startsWith("software.amazon.awssdk.services.fake."))
			.map(Class::getSimpleName)
			.toList();
	}

	private static void write(Path classpath, ClassFile classFile) throws IOException {
		Path file = classpath.resolve(classFile.name + ".class");
		Files.createDirectories(file.getParent());
		Files.write(file, classFile.toByteArray());
	}

	/**
	 * A class file written without a compiler: by default a public interface that extends
	 * {@code AwsClient}, with what the test adds.
	 */
	private static final class ClassFile {

		private final String name;

		private boolean isInterface = true;

		private String superInterface = AWS_CLIENT;

		private @Nullable String builderDescriptor;

		private boolean staticBuilder;

		private @Nullable Object serviceId;

		private boolean failingInitializer;

		ClassFile(String name) {
			this.name = name;
		}

		ClassFile notAnInterface() {
			this.isInterface = false;
			return this;
		}

		ClassFile extending(String superInterface) {
			this.superInterface = superInterface;
			return this;
		}

		ClassFile builder(String descriptor) {
			this.builderDescriptor = descriptor;
			this.staticBuilder = true;
			return this;
		}

		ClassFile abstractBuilder(String descriptor) {
			this.builderDescriptor = descriptor;
			this.staticBuilder = false;
			return this;
		}

		ClassFile serviceId(Object serviceId) {
			this.serviceId = serviceId;
			return this;
		}

		ClassFile failingInitializer() {
			this.failingInitializer = true;
			return this;
		}

		byte[] toByteArray() {
			ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
			int access = Opcodes.ACC_PUBLIC | Opcodes.ACC_ABSTRACT | (this.isInterface ? Opcodes.ACC_INTERFACE : 0);
			writer.visit(Opcodes.V17, access, this.name, null, "java/lang/Object",
					new String[] { this.superInterface });
			if (this.serviceId != null) {
				String descriptor = (this.serviceId instanceof String) ? "Ljava/lang/String;" : "I";
				writer
					.visitField(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC | Opcodes.ACC_FINAL, "SERVICE_METADATA_ID",
							descriptor, null, this.serviceId)
					.visitEnd();
			}
			if (this.builderDescriptor != null && this.staticBuilder) {
				MethodVisitor builder = writer.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "builder",
						this.builderDescriptor, null, null);
				builder.visitCode();
				builder.visitInsn(Opcodes.ACONST_NULL);
				builder.visitInsn(Opcodes.ARETURN);
				builder.visitMaxs(0, 0);
				builder.visitEnd();
			}
			else if (this.builderDescriptor != null) {
				writer
					.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_ABSTRACT, "builder", this.builderDescriptor, null,
							null)
					.visitEnd();
			}
			if (this.failingInitializer) {
				MethodVisitor initializer = writer.visitMethod(Opcodes.ACC_STATIC, "<clinit>", "()V", null, null);
				initializer.visitCode();
				initializer.visitTypeInsn(Opcodes.NEW, "java/lang/IllegalStateException");
				initializer.visitInsn(Opcodes.DUP);
				initializer.visitLdcInsn("initialized");
				initializer.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/IllegalStateException", "<init>",
						"(Ljava/lang/String;)V", false);
				initializer.visitInsn(Opcodes.ATHROW);
				initializer.visitMaxs(0, 0);
				initializer.visitEnd();
			}
			writer.visitEnd();
			return writer.toByteArray();
		}

	}

}
