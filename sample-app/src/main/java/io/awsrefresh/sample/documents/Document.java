package io.awsrefresh.sample.documents;

/**
 * A stored document.
 *
 * @param id the document id
 * @param contentType its media type
 * @param content its bytes
 */
public record Document(String id, String contentType, byte[] content) {

}
