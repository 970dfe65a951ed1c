package dev.exemux.server;

import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.json.schema.jackson2.DefaultJsonSchemaValidator;
import java.util.Map;

/**
 * The SDK's schema validator, built on first use instead of at start-up: building it compiles the
 * JSON Schema meta-schema, and the SDK would also compile every tool's schema before it can answer
 * {@code initialize}. The tools' schemas are checked by the tests instead (ToolCatalogTest).
 */
final class LazySchemaValidator implements JsonSchemaValidator {

    private final Lazy<JsonSchemaValidator> delegate = new Lazy<>(DefaultJsonSchemaValidator::new);

    @Override
    public ValidationResponse validate(Map<String, Object> schema, Object content) {
        return delegate.get().validate(schema, content);
    }

    /** Called by the SDK for every tool at build time; see the class comment. */
    @Override
    public ValidationResponse validateSchema(Map<String, Object> schema) {
        return ValidationResponse.asValid(null);
    }

    /** Builds the real validator now (from the warm-up thread, off the start-up path). */
    void prepare() {
        delegate.get();
    }
}
