package com.athletebatch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layers of ARCHITECTURE.md, as rules: from the bottom, json → database → step toolkit →
 * features (scoring, capability, demo) → operations → entry points (schedule, benchmark, web,
 * worker) → cli → the application class. No package imports one above it, and no package cycles.
 */
class ArchitectureTest {

  private static final String JSON = "json";
  private static final String DATABASE = "database";
  private static final String STEP = "step toolkit";
  private static final String FEATURES = "features";
  private static final String OPERATIONS = "operations";
  private static final String ENTRY_POINTS = "entry points";
  private static final String CLI = "cli";
  private static final String APPLICATION = "application";

  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("com.athletebatch");
  }

  @Test
  void layersPointOneWay() {
    layeredArchitecture()
        .consideringOnlyDependenciesInLayers()
        .layer(JSON)
        .definedBy("com.athletebatch.json..")
        .layer(DATABASE)
        .definedBy("com.athletebatch.database..")
        .layer(STEP)
        .definedBy("com.athletebatch.step..")
        .layer(FEATURES)
        .definedBy(
            "com.athletebatch.scoring..",
            "com.athletebatch.capability..",
            "com.athletebatch.demo..")
        .layer(OPERATIONS)
        .definedBy("com.athletebatch.operations..")
        .layer(ENTRY_POINTS)
        .definedBy(
            "com.athletebatch.schedule..",
            "com.athletebatch.benchmark..",
            "com.athletebatch.web..",
            "com.athletebatch.worker..")
        .layer(CLI)
        .definedBy("com.athletebatch.cli..")
        .layer(APPLICATION)
        .definedBy("com.athletebatch")
        .whereLayer(APPLICATION)
        .mayNotBeAccessedByAnyLayer()
        .whereLayer(CLI)
        .mayOnlyBeAccessedByLayers(APPLICATION)
        .whereLayer(ENTRY_POINTS)
        .mayOnlyBeAccessedByLayers(CLI, APPLICATION)
        .whereLayer(OPERATIONS)
        .mayOnlyBeAccessedByLayers(ENTRY_POINTS, CLI, APPLICATION)
        .whereLayer(FEATURES)
        .mayOnlyBeAccessedByLayers(OPERATIONS, ENTRY_POINTS, CLI, APPLICATION)
        .whereLayer(STEP)
        .mayOnlyBeAccessedByLayers(FEATURES, OPERATIONS, ENTRY_POINTS, CLI, APPLICATION)
        .whereLayer(DATABASE)
        .mayOnlyBeAccessedByLayers(STEP, FEATURES, OPERATIONS, ENTRY_POINTS, CLI, APPLICATION)
        .check(classes);
  }

  @Test
  void theFeaturesDoNotKnowEachOther() {
    noClasses()
        .that()
        .resideInAPackage("com.athletebatch.scoring..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("com.athletebatch.capability..", "com.athletebatch.demo..")
        .check(classes);
    noClasses()
        .that()
        .resideInAPackage("com.athletebatch.capability..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("com.athletebatch.scoring..", "com.athletebatch.demo..")
        .check(classes);
  }

  @Test
  void theEntryPointsDoNotKnowEachOther() {
    for (String entry : new String[] {"schedule", "benchmark", "web", "worker"}) {
      noClasses()
          .that()
          .resideInAPackage("com.athletebatch." + entry + "..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(otherEntryPoints(entry, "schedule", "benchmark", "web", "worker"))
          .allowEmptyShould(true)
          .check(classes);
    }
  }

  private static String[] otherEntryPoints(String entry, String... all) {
    return java.util.Arrays.stream(all)
        .filter(e -> !e.equals(entry))
        .map(e -> "com.athletebatch." + e + "..")
        .toArray(String[]::new);
  }

  /** Every package, sub-packages included: a feature's core does not point back at its job. */
  @Test
  void noPackageCycles() {
    slices().matching("com.athletebatch.(**)").should().beFreeOfCycles().check(classes);
  }

  /** The scorers and estimators: records in, records out; no Spring, no JDBC. */
  @Test
  void thePlainJavaCoresUseNoSpringAndNoJdbc() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "com.athletebatch.scoring.core..",
            "com.athletebatch.scoring.workout..",
            "com.athletebatch.scoring.nutrition..",
            "com.athletebatch.capability.events..",
            "com.athletebatch.capability.estimators..",
            "com.athletebatch.json..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.springframework..", "java.sql..", "javax.sql..")
        .check(classes);
  }

  /**
   * One JSON library in our code: Jackson 3 ({@code tools.jackson}), configured once in {@code
   * json.JsonMappers}. Jackson 2's annotations ({@code com.fasterxml.jackson.annotation}) are
   * shared by both versions and stay allowed.
   */
  @Test
  void noClassUsesJackson2() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("com.fasterxml.jackson.databind..", "com.fasterxml.jackson.core..")
        .check(classes);
  }
}
