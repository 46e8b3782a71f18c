package io.awsrefresh.sample.documents;

import java.util.regex.Pattern;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code PUT /documents/{id}} stores a document in S3 and announces it on SQS; {@code GET
 * /documents/{id}} reads it back.
 */
@RestController
class DocumentController {

	private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,200}");

	private final DocumentStore store;

	private final DocumentEvents events;

	DocumentController(DocumentStore store, DocumentEvents events) {
		this.store = store;
		this.events = events;
	}

	@PutMapping("/documents/{id}")
	ResponseEntity<StoredDocument> put(@PathVariable String id, @RequestBody byte[] content,
			@RequestHeader(name = HttpHeaders.CONTENT_TYPE,
					defaultValue = MediaType.APPLICATION_OCTET_STREAM_VALUE) String contentType) {
		Document document = new Document(checkId(id), contentType, content);
		this.store.put(document);
		this.events.stored(document);
		return ResponseEntity.status(HttpStatus.CREATED)
			.body(new StoredDocument(id, content.length, contentType, "/documents/" + id));
	}

	@GetMapping("/documents/{id}")
	ResponseEntity<byte[]> get(@PathVariable String id) {
		Document document = this.store.get(checkId(id))
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No document " + id));
		return ResponseEntity.ok()
			.contentType(MediaType.parseMediaType(document.contentType()))
			.body(document.content());
	}

	private static String checkId(String id) {
		if (!ID.matcher(id).matches()) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
					"A document id is 1 to 200 letters, digits, '.', '_' or '-'");
		}
		return id;
	}

	record StoredDocument(String id, int size, String contentType, String location) {

	}

}
