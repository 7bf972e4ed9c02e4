package dev.valence.processor.generation;

import static com.google.common.truth.Truth.assertThat;

import org.junit.jupiter.api.Test;

class JavaNamesTest {

    @Test
    void methodNamesBecomeUpperSnakeCaseConstants() {
        assertThat(JavaNames.upperSnakeCase("task0")).isEqualTo("TASK0");
        assertThat(JavaNames.upperSnakeCase("task2Redefined")).isEqualTo("TASK2_REDEFINED");
        assertThat(JavaNames.upperSnakeCase("parseURL")).isEqualTo("PARSE_URL");
        assertThat(JavaNames.upperSnakeCase("myHTTPServer")).isEqualTo("MY_HTTP_SERVER");
        assertThat(JavaNames.upperSnakeCase("snake_case")).isEqualTo("SNAKE_CASE");
    }

    @Test
    void aTakenNameGetsTheNextFreeNumber() {
        JavaNames names = new JavaNames();
        names.reserve("graph");

        assertThat(names.allocate("graph")).isEqualTo("graph2");
        assertThat(names.allocate("graph")).isEqualTo("graph3");
        assertThat(names.allocate("result")).isEqualTo("result");
    }
}
