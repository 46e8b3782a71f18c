/**
 * Documents stored in S3 and announced on SQS.
 */
@NullMarked
package io.awsrefresh.sample.documents;

import org.jspecify.annotations.NullMarked;
