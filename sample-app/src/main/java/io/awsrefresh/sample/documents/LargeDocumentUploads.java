package io.awsrefresh.sample.documents;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.springframework.stereotype.Component;

import software.amazon.awssdk.transfer.s3.S3TransferManager;
import software.amazon.awssdk.transfer.s3.model.CompletedFileUpload;

/**
 * Large documents, uploaded to S3 by the transfer manager: in parts, several at a time,
 * once they pass its multipart threshold (8 MiB by default).
 */
@Component
public class LargeDocumentUploads {

	private final S3TransferManager transferManager;

	private final String bucket;

	public LargeDocumentUploads(S3TransferManager transferManager, DocumentsProperties properties) {
		this.transferManager = transferManager;
		this.bucket = properties.bucket();
	}

	/**
	 * Store a document read from a stream.
	 * @param id the document id
	 * @param contentType its media type
	 * @param content its bytes, read to the end
	 * @return its size and S3 ETag
	 * @throws IOException if the stream cannot be read or spooled
	 */
	public LargeDocument upload(String id, String contentType, InputStream content) throws IOException {
		// The body is spooled to a temporary file and uploaded from there, rather than
		// streamed from the request into AsyncRequestBody.fromInputStream:
		// - a file is read again as often as needed: each part is read from its own
		// range, and a part whose upload fails is retried. The parts of a stream can be
		// sent once only (the SDK fails a retry with "Multiple subscribers detected"),
		// unless buffered in memory.
		// - the upload starts with the size known, whether the request said it or was
		// chunked.
		// - a slow or stalled client holds a file, not an open multipart upload and S3
		// connections; one that disconnects leaves nothing in S3.
		// The cost is disk space for one body per upload in progress, and writing it.
		Path spool = Files.createTempFile("document-", ".upload");
		try {
			long size = Files.copy(content, spool, StandardCopyOption.REPLACE_EXISTING);
			CompletedFileUpload upload = await(this.transferManager
				.uploadFile((file) -> file.source(spool)
					.putObjectRequest((put) -> put.bucket(this.bucket).key(id).contentType(contentType)))
				.completionFuture());
			return new LargeDocument(size, unquoted(upload.response().eTag()));
		}
		finally {
			Files.deleteIfExists(spool);
		}
	}

	private static String unquoted(String eTag) {
		return (eTag.length() > 1 && eTag.startsWith("\"") && eTag.endsWith("\""))
				? eTag.substring(1, eTag.length() - 1) : eTag;
	}

	/**
	 * The result of a transfer, or the SDK's own exception (an {@code S3Exception}, say)
	 * rather than the {@link CompletionException} around it.
	 */
	private static <T> T await(CompletableFuture<T> future) {
		try {
			return future.join();
		}
		catch (CompletionException ex) {
			if (ex.getCause() instanceof RuntimeException cause) {
				throw cause;
			}
			throw ex;
		}
	}

	/**
	 * An uploaded document.
	 *
	 * @param size its size in bytes
	 * @param eTag its S3 ETag without the quotes around it, which ends with
	 * {@code -<parts>} for a multipart upload
	 */
	public record LargeDocument(long size, String eTag) {

	}

}
