import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Word and Excel documents as evidence (issue 11): their content types are longer than 64 characters
 * (`application/vnd.openxmlformats-officedocument.wordprocessingml.document` is 71). RFC 6838 allows 127 for each of
 * type and subtype; 255 holds any.
 */
export class EvidenceContentTypeLength1796061794000 implements MigrationInterface {
  name = "EvidenceContentTypeLength1796061794000";

  async up(q: QueryRunner): Promise<void> {
    await q.query("ALTER TABLE `evidence` MODIFY `content_type` varchar(255) NOT NULL");
  }

  async down(q: QueryRunner): Promise<void> {
    // Refused by the database (strict mode) while a longer content type is stored: nothing is cut short.
    await q.query("ALTER TABLE `evidence` MODIFY `content_type` varchar(64) NOT NULL");
  }
}
