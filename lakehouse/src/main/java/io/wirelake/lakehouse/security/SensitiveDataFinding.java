package io.wirelake.lakehouse.security;

/**
 * One sensitive value seen in a stored call. The value itself is never kept: only its redacted form.
 *
 * @param callId the {@code l7_transactions.id} it was seen in
 * @param kind {@code card_number}, {@code us_ssn}, {@code aws_access_key}, {@code private_key} or {@code jwt}
 * @param location {@code request_header:<name>}, {@code response_header:<name>}, {@code request_body},
 *     {@code response_body} or {@code path}
 * @param redacted enough of the value to recognise it, e.g. {@code 4111********1111}
 */
public record SensitiveDataFinding(String callId, String kind, String location, String redacted) {}
