package io.awsrefresh.sample.documents;

import java.util.Optional;

import org.springframework.stereotype.Component;

import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Documents as S3 objects, one per id.
 */
@Component
public class DocumentStore {

	private final S3Client s3;

	private final String bucket;

	public DocumentStore(S3Client s3, DocumentsProperties properties) {
		this.s3 = s3;
		this.bucket = properties.bucket();
	}

	public void put(Document document) {
		this.s3.putObject((put) -> put.bucket(this.bucket).key(document.id()).contentType(document.contentType()),
				RequestBody.fromBytes(document.content()));
	}

	public Optional<Document> get(String id) {
		try {
			ResponseBytes<GetObjectResponse> object = this.s3
				.getObjectAsBytes((get) -> get.bucket(this.bucket).key(id));
			return Optional.of(new Document(id, object.response().contentType(), object.asByteArray()));
		}
		catch (NoSuchKeyException ex) {
			return Optional.empty();
		}
		catch (S3Exception ex) {
			if (isMissing(ex)) {
				return Optional.empty();
			}
			throw ex;
		}
	}

	/**
	 * Whether a document is stored, asked with a HEAD request: nothing is downloaded.
	 * @param id the document id
	 * @return whether it exists
	 */
	public boolean exists(String id) {
		try {
			this.s3.headObject((head) -> head.bucket(this.bucket).key(id));
			return true;
		}
		catch (S3Exception ex) {
			// A HEAD answer has no body, so the SDK cannot always tell NoSuchKey: the
			// status code says it.
			if (isMissing(ex)) {
				return false;
			}
			throw ex;
		}
	}

	private static boolean isMissing(S3Exception ex) {
		// Without s3:ListBucket, S3 answers a missing key with 403, not 404.
		return ex.statusCode() == 403 || ex.statusCode() == 404;
	}

}
