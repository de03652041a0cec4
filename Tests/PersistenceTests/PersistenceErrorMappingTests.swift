import Persistence
import TestSupport
import Testing

@Suite("SQLSTATEs map to typed errors that keep constraint and detail")
struct PersistenceErrorMappingTests {
    static func database() async throws -> Database {
        let url = try await TestDatabase.forSuite("errors", setup: """
            CREATE TABLE public.parent (id bigint PRIMARY KEY, code text NOT NULL CONSTRAINT parent_code_key UNIQUE);
            CREATE TABLE public.child (
                id bigint PRIMARY KEY,
                parent_id bigint NOT NULL CONSTRAINT child_parent_fkey REFERENCES public.parent (id),
                score integer CONSTRAINT child_score_range CHECK (score BETWEEN 1 AND 5));
            INSERT INTO public.parent VALUES (1, 'A');
            """)
        return TestDatabase.adminDatabase(url: url)
    }

    func failure(_ database: Database, _ query: SQLQuery) async throws -> PersistenceError? {
        await #expect(throws: PersistenceError.self) {
            try await database.withTransaction { tx in try await tx.execute(query) }
        }
    }

    @Test("23505 unique violation")
    func unique() async throws {
        let error = try await failure(try await Self.database(), "INSERT INTO public.parent VALUES (\(2), \("A"))")
        #expect(error?.kind == .uniqueViolation)
        #expect(error?.sqlState == "23505")
        #expect(error?.constraint == "parent_code_key")
        #expect(error?.detail?.contains("already exists") == true)
        #expect(error?.transactionStage == .body)
    }

    @Test("23503 foreign key violation")
    func foreignKey() async throws {
        let error = try await failure(try await Self.database(), "INSERT INTO public.child (id, parent_id) VALUES (\(1), \(999))")
        #expect(error?.kind == .foreignKeyViolation)
        #expect(error?.constraint == "child_parent_fkey")
    }

    @Test("23514 check violation")
    func check() async throws {
        let error = try await failure(try await Self.database(), "INSERT INTO public.child VALUES (\(2), \(1), \(9))")
        #expect(error?.kind == .checkViolation)
        #expect(error?.constraint == "child_score_range")
    }

    @Test("23502 not-null violation names the column")
    func notNull() async throws {
        let missing: Int? = nil
        let error = try await failure(try await Self.database(), "INSERT INTO public.child (id, parent_id) VALUES (\(3), \(missing))")
        #expect(error?.kind == .notNullViolation)
        #expect(error?.column == "parent_id")
        #expect(error?.table == "child")
    }

    @Test("the description shown to clients is generic; the debug description keeps the details")
    func descriptionsDoNotLeak() async throws {
        let error = try #require(try await failure(try await Self.database(), "INSERT INTO public.parent VALUES (\(3), \("A"))"))
        #expect(error.description == "database error (uniqueViolation)")
        #expect(!error.description.contains("parent"))
        #expect(String(reflecting: error).contains("parent_code_key"))
        #expect(error.query?.contains("$1") == true)
    }

    @Test("class 22 data errors map to invalidValue")
    func invalidValue() async throws {
        let error = try await failure(try await Self.database(), "SELECT \("not a number")::integer")
        #expect(error?.kind == .invalidValue)
        #expect(error?.sqlState == "22P02")
    }
}
