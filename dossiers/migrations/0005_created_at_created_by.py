# The same names for "who, when" as every other model: created_at, created_by.
# Documents: the index on the renamed column is dropped first and made again (renaming the
# foreign key makes SQLite rebuild the table). Messages: the database renames the column
# inside its index (PostgreSQL, and SQLite's RENAME COLUMN), so only the state changes and
# the messages table is never locked for an index build.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("dossiers", "0004_documents"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="document", name="document_jeune_cree_idx"),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveIndex(model_name="message", name="message_jeune_cree_idx")
            ]
        ),
        migrations.RenameField(model_name="document", old_name="cree_le", new_name="created_at"),
        migrations.RenameField(model_name="document", old_name="cree_par", new_name="created_by"),
        migrations.RenameField(
            model_name="historicaldocument", old_name="cree_le", new_name="created_at"
        ),
        migrations.RenameField(
            model_name="historicaldocument", old_name="cree_par", new_name="created_by"
        ),
        migrations.RenameField(model_name="message", old_name="cree_le", new_name="created_at"),
        migrations.RenameField(
            model_name="historicalmessage", old_name="cree_le", new_name="created_at"
        ),
        migrations.AlterModelOptions(
            name="document",
            options={
                "ordering": ["-created_at", "-pk"],
                "verbose_name": "document",
                "verbose_name_plural": "documents",
            },
        ),
        migrations.AlterModelOptions(
            name="message",
            options={
                "ordering": ["-created_at", "-pk"],
                "verbose_name": "message",
                "verbose_name_plural": "messages",
            },
        ),
        migrations.AddIndex(
            model_name="document",
            index=models.Index(fields=["jeune", "-created_at"], name="document_jeune_cree_idx"),
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddIndex(
                    model_name="message",
                    index=models.Index(
                        fields=["jeune", "-created_at"], name="message_jeune_cree_idx"
                    ),
                )
            ]
        ),
    ]
