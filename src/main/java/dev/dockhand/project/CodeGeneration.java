package dev.dockhand.project;

import java.util.List;

/**
 * A code generator the build must run once the sources are in the image, such as {@code prisma
 * generate}, which writes the database client from the schema.
 *
 * @param command the command, run in the package's folder
 * @param inputs  files it reads, relative to the project root; copied before the dependencies are
 *                installed, since install scripts ({@code "postinstall": "prisma generate"}) run it too
 */
public record CodeGeneration(String command, List<String> inputs) {

    public CodeGeneration {
        inputs = List.copyOf(inputs);
    }
}
