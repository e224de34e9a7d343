/** Fixtures for the tests of the command line and of the modules that drive it (a test-jar). */
package io.ltvstream.cli.testdata;
