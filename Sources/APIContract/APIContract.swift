// The generated types and server stubs of openapi.yaml live in this target
// (see openapi-generator-config.yaml); this file exists because a target
// needs at least one source of its own.
package enum APIContractInfo {
    /// The version of the HTTP contract this build was generated from.
    package static let specificationFile = "openapi.yaml"
}
