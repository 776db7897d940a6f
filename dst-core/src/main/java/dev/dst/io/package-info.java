/** Reading the text files users hand to dst, with errors that name the file and say what is wrong. */
package dev.dst.io;
