package dev.jkeras.layers;

import static dev.jkeras.layers.LayerCase.merge;
import static dev.jkeras.layers.LayerCase.of;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.constraints.Constraints;
import dev.jkeras.initializers.Initializers;
import dev.jkeras.regularizers.Regularizers;
import dev.jkeras.models.Model;
import dev.jkeras.optimizers.SGD;
import dev.jkeras.backend.Variable;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Json;
import dev.jkeras.saving.Serialization;
import dev.jkeras.testing.KerasOracle;
import dev.jkeras.testing.Npy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;

/**
 * The layer contract, judged by real Keras 3 (the oracle, see {@link KerasOracle}), after Keras's own
 * {@code run_layer_test}: for every case of {@link #cases()} jkeras builds the layer, calls it on
 * seeded inputs (and masks) and writes its config, weights and outputs; one Keras launch
 * (oracle/layer_contract.py) builds the same layer from Keras's constructor, copies jkeras's weights
 * in with {@code set_weights} and computes. Each case then checks: output shapes and values (inference,
 * and training where deterministic), weight names, shapes and trainable split, {@code count_params},
 * {@code get_config} equal to Keras's, each side's config accepted by the other's {@code from_config},
 * the output mask, and the summary row (symbolic output shape and parameter count). A new layer gets
 * the whole check by one line in {@link #cases()}.
 */
class LayerContractTest {
  private static final double RTOL = 1e-5;
  private static final double ATOL = 1e-6;
  private static Path dir;
  private static Map<String, Object> results;
  private static final Map<String, String> JKERAS_ERRORS = new LinkedHashMap<>();

  static List<LayerCase> cases() {
    return List.of(
        of("dense", "Dense(units=3)", () -> new Dense(3), 2, 4),
        of("dense_relu_no_bias", "Dense(units=5, activation='relu', use_bias=False)",
            () -> new Dense(5, "relu").useBias(false), 3, 4),
        of("dense_rank3_masked", "Dense(units=2, activation='tanh')", () -> new Dense(2, "tanh"), 2, 3, 4).masked(1),
        of("conv1d", "Conv1D(filters=3, kernel_size=3)", () -> new Conv1D(3, 3), 2, 7, 2),
        of("conv1d_same_strides", "Conv1D(filters=2, kernel_size=3, strides=2, padding='same', activation='relu')",
            () -> new Conv1D(2, 3).strides(2).padding("same").activation("relu"), 2, 7, 2),
        of("conv1d_causal_dilated", "Conv1D(filters=2, kernel_size=2, padding='causal', dilation_rate=2, use_bias=False)",
            () -> new Conv1D(2, 2).padding("causal").dilationRate(2).useBias(false), 2, 7, 2),
        of("conv2d", "Conv2D(filters=3, kernel_size=(3, 3))", () -> new Conv2D(3, 3, 3), 2, 6, 6, 2),
        of("conv2d_same_strides", "Conv2D(filters=2, kernel_size=(3, 2), strides=(2, 1), padding='same', "
            + "activation='sigmoid')", () -> new Conv2D(2, 3, 2).strides(2, 1).padding("same").activation("sigmoid"),
            2, 6, 5, 2),
        of("conv2d_dilated", "Conv2D(filters=2, kernel_size=(2, 2), dilation_rate=(2, 2), use_bias=False)",
            () -> new Conv2D(2, 2, 2).dilationRate(2, 2).useBias(false), 2, 6, 6, 1),
        of("max_pool1d", "MaxPooling1D(pool_size=2)", () -> new MaxPooling1D(2), 2, 7, 3),
        of("max_pool1d_same", "MaxPooling1D(pool_size=3, strides=2, padding='same')",
            () -> new MaxPooling1D(3).strides(2).padding("same"), 2, 7, 3),
        of("avg_pool1d", "AveragePooling1D(pool_size=2)", () -> new AveragePooling1D(2), 2, 7, 3),
        of("avg_pool1d_same", "AveragePooling1D(pool_size=3, strides=1, padding='same')",
            () -> new AveragePooling1D(3).strides(1).padding("same"), 2, 7, 3),
        of("max_pool2d", "MaxPooling2D(pool_size=(2, 2))", () -> new MaxPooling2D(2, 2), 2, 5, 5, 2),
        of("max_pool2d_rect_strides", "MaxPooling2D(pool_size=(2, 3), strides=(1, 2))",
            () -> new MaxPooling2D(2, 3).strides(1, 2), 2, 5, 6, 2),
        of("max_pool2d_same", "MaxPooling2D(pool_size=(3, 3), strides=(2, 2), padding='same')",
            () -> new MaxPooling2D(3, 3).strides(2, 2).padding("same"), 2, 5, 5, 2),
        of("avg_pool2d", "AveragePooling2D(pool_size=(2, 2))", () -> new AveragePooling2D(2, 2), 2, 5, 5, 2),
        of("avg_pool2d_same", "AveragePooling2D(pool_size=(3, 3), strides=(2, 2), padding='same')",
            () -> new AveragePooling2D(3, 3).strides(2, 2).padding("same"), 2, 5, 5, 2),
        of("global_avg_pool1d", "GlobalAveragePooling1D()", GlobalAveragePooling1D::new, 2, 4, 3),
        of("global_avg_pool1d_keepdims_masked", "GlobalAveragePooling1D(keepdims=True)",
            () -> new GlobalAveragePooling1D().keepdims(true), 2, 4, 3).masked(2),
        of("global_max_pool1d", "GlobalMaxPooling1D()", GlobalMaxPooling1D::new, 2, 4, 3),
        of("global_avg_pool2d", "GlobalAveragePooling2D()", GlobalAveragePooling2D::new, 2, 3, 4, 2),
        of("global_max_pool2d_keepdims", "GlobalMaxPooling2D(keepdims=True)",
            () -> new GlobalMaxPooling2D().keepdims(true), 2, 3, 4, 2),
        of("zero_padding2d", "ZeroPadding2D(padding=(1, 1))", ZeroPadding2D::new, 2, 3, 3, 2),
        of("zero_padding2d_asymmetric", "ZeroPadding2D(padding=((1, 0), (2, 1)))",
            () -> new ZeroPadding2D(new int[][] {{1, 0}, {2, 1}}), 2, 3, 3, 2),
        of("up_sampling2d", "UpSampling2D(size=(2, 2))", () -> new UpSampling2D(2, 2), 2, 2, 3, 2),
        of("up_sampling2d_bilinear", "UpSampling2D(size=(2, 3), interpolation='bilinear')",
            () -> new UpSampling2D(2, 3).interpolation("bilinear"), 2, 3, 2, 2),
        of("simple_rnn", "SimpleRNN(units=3)", () -> new SimpleRNN(3), 2, 5, 2),
        of("simple_rnn_sequences_backwards", "SimpleRNN(units=3, activation='relu', return_sequences=True, "
            + "go_backwards=True)", () -> new SimpleRNN(3, "relu").returnSequences(true).goBackwards(true), 2, 5, 2),
        of("simple_rnn_state_masked", "SimpleRNN(units=2, use_bias=False, return_state=True)",
            () -> new SimpleRNN(2).useBias(false).returnState(true), 2, 5, 2).masked(2),
        of("lstm", "LSTM(units=3)", () -> new LSTM(3), 2, 5, 2),
        of("lstm_sequences_state", "LSTM(units=3, return_sequences=True, return_state=True, unit_forget_bias=False)",
            () -> new LSTM(3).returnSequences(true).returnState(true).unitForgetBias(false), 2, 5, 2),
        of("lstm_backwards_masked", "LSTM(units=2, activation='relu', go_backwards=True)",
            () -> new LSTM(2, "relu").goBackwards(true), 2, 5, 3).masked(2),
        of("lstm_sequences_masked", "LSTM(units=2, return_sequences=True)",
            () -> new LSTM(2).returnSequences(true), 2, 4, 3).masked(1),
        of("lstm_zero_output_masked", "LSTM(units=2, return_sequences=True, zero_output_for_mask=True, "
            + "recurrent_activation='hard_sigmoid', dropout=0.25, recurrent_dropout=0.1)",
            () -> new LSTM(2).returnSequences(true).zeroOutputForMask(true).recurrentActivation("hard_sigmoid")
                .dropout(0.25).recurrentDropout(0.1), 2, 4, 3).masked(2),
        of("simple_rnn_unroll", "SimpleRNN(units=2, unroll=True, return_sequences=True)",
            () -> new SimpleRNN(2).unroll(true).returnSequences(true), 2, 3, 2),
        of("gru", "GRU(units=3)", () -> new GRU(3), 2, 5, 2),
        of("gru_reset_before", "GRU(units=3, reset_after=False, return_sequences=True)",
            () -> new GRU(3).resetAfter(false).returnSequences(true), 2, 5, 2),
        of("gru_state_backwards_masked", "GRU(units=2, return_state=True, go_backwards=True, use_bias=False)",
            () -> new GRU(2).returnState(true).goBackwards(true).useBias(false), 2, 5, 3).masked(2),
        of("batch_norm", "BatchNormalization()", BatchNormalization::new, 6, 3).training(),
        of("batch_norm_axis1", "BatchNormalization(axis=1, momentum=0.9, epsilon=0.01)",
            () -> new BatchNormalization().axis(1).momentum(0.9).epsilon(0.01), 4, 3, 2).training(),
        of("batch_norm_no_center_scale", "BatchNormalization(center=False, scale=False)",
            () -> new BatchNormalization().center(false).scale(false), 2, 3, 4).training().masked(1),
        of("layer_norm", "LayerNormalization()", LayerNormalization::new, 2, 3, 4),
        of("layer_norm_axes", "LayerNormalization(axis=[1, 2], epsilon=0.1)",
            () -> new LayerNormalization().axis(1, 2).epsilon(0.1), 2, 3, 4),
        of("layer_norm_no_center_scale", "LayerNormalization(center=False, scale=False)",
            () -> new LayerNormalization().center(false).scale(false), 2, 5),
        of("normalization", "Normalization()", () -> new Normalization().adapt(adaptData()), 4, 3),
        of("rescaling", "Rescaling(scale=0.5, offset=1.0)", () -> new Rescaling(0.5, 1.0), 2, 3),
        of("rescaling_scale_only", "Rescaling(scale=0.00392156862745098)", () -> new Rescaling(1 / 255.0), 2, 2, 2),
        of("repeat_vector", "RepeatVector(n=3)", () -> new RepeatVector(3), 2, 4),
        of("reshape", "Reshape(target_shape=(3, 2))", () -> new Reshape(3, 2), 2, 6),
        of("reshape_inferred", "Reshape(target_shape=(-1, 4))", () -> new Reshape(-1, 4), 2, 2, 6),
        of("flatten", "Flatten()", Flatten::new, 2, 3, 2, 2),
        of("dropout", "Dropout(rate=0.3)", () -> new Dropout(0.3), 2, 5),
        of("activation_relu", "Activation(activation='relu')", () -> new Activation("relu"), 2, 5),
        of("activation_softmax", "Activation(activation='softmax')", () -> new Activation("softmax"), 2, 3, 4),
        of("activation_tanh", "Activation(activation='tanh')", () -> new Activation("tanh"), 2, 5),
        of("activation_sigmoid", "Activation(activation='sigmoid')", () -> new Activation("sigmoid"), 2, 5),
        of("activation_gelu", "Activation(activation='gelu')", () -> new Activation("gelu"), 2, 5),
        of("activation_selu", "Activation(activation='selu')", () -> new Activation("selu"), 2, 5),
        of("activation_silu", "Activation(activation='silu')", () -> new Activation("silu"), 2, 5),
        of("activation_swish_alias", "Activation(activation='swish')", () -> new Activation("swish"), 2, 5),
        of("dense_hard_swish_alias", "Dense(units=2, activation='hard_swish')", () -> new Dense(2, "hard_swish"), 2, 3),
        of("activation_softplus", "Activation(activation='softplus')", () -> new Activation("softplus"), 2, 5),
        of("leaky_relu", "LeakyReLU()", LeakyReLU::new, 2, 5),
        of("leaky_relu_slope", "LeakyReLU(negative_slope=0.1)", () -> new LeakyReLU(0.1), 2, 5),
        of("prelu", "PReLU()", PReLU::new, 2, 3, 4),
        of("prelu_shared_axes", "PReLU(shared_axes=[1])", () -> new PReLU().sharedAxes(1), 2, 3, 4),
        of("elu", "ELU()", ELU::new, 2, 5),
        of("elu_alpha", "ELU(alpha=0.5)", () -> new ELU(0.5), 2, 5),
        of("embedding", "Embedding(input_dim=10, output_dim=3)", () -> new Embedding(10, 3), 2, 5).ints(10),
        of("embedding_mask_zero", "Embedding(input_dim=6, output_dim=2, mask_zero=True)",
            () -> new Embedding(6, 2).maskZero(true), 3, 4).ints(3),
        of("masking", "Masking()", Masking::new, 3, 4, 2).wholeNumbers(2),
        of("masking_value", "Masking(mask_value=1.0)", () -> new Masking(1.0), 3, 4, 2).wholeNumbers(3),
        of("masking_int", "Masking()", Masking::new, 2, 4, 3).ints(2),
        merge("add", "Add()", Add::new, new int[] {2, 3}, new int[] {2, 3}),
        merge("add_three_masked", "Add()", Add::new, new int[] {2, 3, 2}, new int[] {2, 3, 2},
            new int[] {2, 3, 2}).masked(1),
        merge("subtract", "Subtract()", Subtract::new, new int[] {2, 3}, new int[] {2, 3}),
        merge("multiply", "Multiply()", Multiply::new, new int[] {2, 3}, new int[] {2, 3}),
        merge("average", "Average()", Average::new, new int[] {2, 3}, new int[] {2, 3}),
        merge("maximum", "Maximum()", Maximum::new, new int[] {2, 3}, new int[] {2, 3}),
        merge("minimum_masked", "Minimum()", Minimum::new, new int[] {2, 4, 2}, new int[] {2, 4, 2}).masked(1),
        merge("concatenate", "Concatenate()", Concatenate::new, new int[] {2, 3}, new int[] {2, 2}),
        merge("concatenate_axis1_masked", "Concatenate(axis=1)", () -> new Concatenate(1),
            new int[] {2, 3, 2}, new int[] {2, 2, 2}).masked(1),
        // initializers, regularizers and constraints: configs only change, but both sides must write them alike
        of("dense_initializers_regularizers", "Dense(units=2, kernel_initializer='he_normal', "
            + "bias_initializer='ones', kernel_regularizer='l2', bias_regularizer='l1', kernel_constraint='non_neg')",
            () -> new Dense(2).kernelInitializer("he_normal").biasInitializer("ones")
                .kernelRegularizer(Regularizers.get("l2")).biasRegularizer(Regularizers.get("l1"))
                .kernelConstraint("non_neg"), 2, 3),
        of("conv2d_initializers_regularizers", "Conv2D(filters=2, kernel_size=(2, 2), kernel_initializer="
            + "'lecun_uniform', bias_initializer='random_normal', kernel_regularizer='l1', bias_regularizer='l2')",
            () -> new Conv2D(2, 2, 2).kernelInitializer("lecun_uniform").biasInitializer("random_normal")
                .kernelRegularizer(Regularizers.get("l1")).biasRegularizer(Regularizers.get("l2")), 2, 4, 4, 1),
        of("conv2d_constraints", "Conv2D(filters=2, kernel_size=(2, 2), kernel_constraint='max_norm', "
            + "bias_constraint='non_neg')",
            () -> new Conv2D(2, 2, 2).kernelConstraint("max_norm").biasConstraint("non_neg"), 2, 4, 4, 1),
        of("conv1d_kernel_constraint", "Conv1D(filters=2, kernel_size=2, kernel_constraint='unit_norm')",
            () -> new Conv1D(2, 2).kernelConstraint("unit_norm"), 2, 4, 1),
        of("lstm_constraints", "LSTM(units=2, kernel_constraint='non_neg', recurrent_constraint='max_norm', "
            + "bias_constraint='non_neg')", () -> new LSTM(2).kernelConstraint("non_neg")
                .recurrentConstraint("max_norm").biasConstraint("non_neg"), 2, 3, 2),
        of("simple_rnn_recurrent_constraint", "SimpleRNN(units=2, recurrent_constraint='unit_norm')",
            () -> new SimpleRNN(2).recurrentConstraint("unit_norm"), 2, 3, 2),
        of("embedding_initializer_regularizer", "Embedding(input_dim=5, output_dim=2, embeddings_initializer="
            + "'random_normal', embeddings_regularizer='l2', embeddings_constraint='unit_norm')",
            () -> new Embedding(5, 2).embeddingsInitializer("random_normal")
                .embeddingsRegularizer(Regularizers.get("l2")).embeddingsConstraint(Constraints.get("unit_norm")),
            2, 3).ints(5),
        of("gru_initializers_regularizers", "GRU(units=2, kernel_initializer='glorot_normal', "
            + "recurrent_initializer='he_uniform', bias_initializer='ones', kernel_regularizer='l2', "
            + "recurrent_regularizer='l1', bias_regularizer='l2')",
            () -> new GRU(2).kernelInitializer("glorot_normal").recurrentInitializer("he_uniform")
                .biasInitializer("ones").kernelRegularizer(Regularizers.get("l2"))
                .recurrentRegularizer(Regularizers.get("l1")).biasRegularizer(Regularizers.get("l2")), 2, 3, 2),
        of("batch_norm_initializers_regularizers", "BatchNormalization(beta_initializer='ones', "
            + "gamma_initializer='zeros', beta_regularizer='l2', gamma_regularizer='l1', gamma_constraint='non_neg')",
            () -> new BatchNormalization().betaInitializer("ones").gammaInitializer("zeros")
                .betaRegularizer(Regularizers.get("l2")).gammaRegularizer(Regularizers.get("l1"))
                .gammaConstraint(Constraints.get("non_neg")), 4, 3).training(),
        of("layer_norm_initializers_regularizers", "LayerNormalization(beta_initializer='ones', "
            + "gamma_initializer='zeros', beta_regularizer='l1', gamma_constraint='non_neg')",
            () -> new LayerNormalization().betaInitializer(Initializers.get("ones"))
                .gammaInitializer(Initializers.get("zeros")).betaRegularizer(Regularizers.get("l1"))
                .gammaConstraint(Constraints.get("non_neg")), 2, 4),
        of("prelu_initializer_regularizer", "PReLU(alpha_initializer='ones', alpha_regularizer='l2', "
            + "alpha_constraint='non_neg')", () -> new PReLU().alphaInitializer("ones")
                .alphaRegularizer(Regularizers.get("l2")).alphaConstraint(Constraints.get("non_neg")), 2, 4),
        // image preprocessing and augmentation: random layers are judged at inference (identity) and, with
        // a factor range of one value, in training too (the draw is then that value on every backend)
        of("resizing", "Resizing(height=4, width=5)", () -> new Resizing(4, 5), 2, 6, 8, 3),
        of("resizing_nearest_up", "Resizing(height=9, width=11, interpolation='nearest')",
            () -> new Resizing(9, 11).interpolation("nearest"), 2, 6, 8, 3),
        of("resizing_bicubic", "Resizing(height=4, width=5, interpolation='bicubic')",
            () -> new Resizing(4, 5).interpolation("bicubic"), 2, 6, 8, 3),
        of("resizing_lanczos3_up", "Resizing(height=9, width=7, interpolation='lanczos3')",
            () -> new Resizing(9, 7).interpolation("lanczos3"), 2, 6, 8, 3),
        of("resizing_lanczos5", "Resizing(height=4, width=5, interpolation='lanczos5')",
            () -> new Resizing(4, 5).interpolation("lanczos5"), 2, 6, 8, 3),
        of("resizing_antialias", "Resizing(height=3, width=4, antialias=True)",
            () -> new Resizing(3, 4).antialias(true), 2, 6, 8, 3),
        of("resizing_crop_to_aspect_ratio", "Resizing(height=4, width=4, crop_to_aspect_ratio=True)",
            () -> new Resizing(4, 4).cropToAspectRatio(true), 2, 6, 8, 3),
        of("resizing_pad_to_aspect_ratio", "Resizing(height=5, width=4, pad_to_aspect_ratio=True, fill_value=0.5)",
            () -> new Resizing(5, 4).padToAspectRatio(true).fillValue(0.5), 2, 6, 8, 3),
        of("center_crop", "CenterCrop(height=4, width=5)", () -> new CenterCrop(4, 5), 2, 6, 8, 3),
        of("center_crop_upsizes", "CenterCrop(height=8, width=10)", () -> new CenterCrop(8, 10), 2, 6, 8, 3),
        of("random_crop_full_size", "RandomCrop(height=6, width=8, seed=42)", () -> new RandomCrop(6, 8, 42),
            2, 6, 8, 3).training(),
        of("random_flip", "RandomFlip(seed=3)", () -> new RandomFlip(RandomFlip.HORIZONTAL_AND_VERTICAL, 3), 2, 4, 5, 3),
        of("random_flip_horizontal", "RandomFlip(mode='horizontal')", () -> new RandomFlip("horizontal"), 2, 4, 5, 1),
        of("random_rotation", "RandomRotation(factor=0.2, seed=5)", () -> new RandomRotation(0.2).seed(5), 2, 6, 8, 3),
        of("random_rotation_fixed_constant", "RandomRotation(factor=(0.25, 0.25), fill_mode='constant', "
            + "fill_value=0.5)", () -> new RandomRotation(0.25, 0.25).fillMode("constant").fillValue(0.5),
            2, 6, 8, 2).training(),
        of("random_rotation_fixed_reflect_nearest", "RandomRotation(factor=(-0.1, -0.1), interpolation='nearest')",
            () -> new RandomRotation(-0.1, -0.1).interpolation("nearest"), 2, 6, 8, 2).training(),
        of("random_zoom", "RandomZoom(height_factor=0.2, seed=1)", () -> new RandomZoom(0.2).seed(1), 2, 6, 8, 3),
        of("random_zoom_fixed", "RandomZoom(height_factor=(0.5, 0.5), width_factor=(-0.25, -0.25), "
            + "fill_mode='nearest')", () -> new RandomZoom(new double[] {0.5, 0.5}, new double[] {-0.25, -0.25})
                .fillMode("nearest"), 2, 6, 8, 2).training(),
        of("random_translation", "RandomTranslation(height_factor=0.1, width_factor=0.2, seed=2)",
            () -> new RandomTranslation(0.1, 0.2).seed(2), 2, 6, 8, 3),
        of("random_translation_fixed", "RandomTranslation(height_factor=(0.25, 0.25), width_factor=(-0.125, -0.125))",
            () -> new RandomTranslation(new double[] {0.25, 0.25}, new double[] {-0.125, -0.125}), 2, 6, 8, 2)
            .training(),
        of("random_contrast", "RandomContrast(factor=0.2, seed=4)", () -> new RandomContrast(0.2).seed(4), 2, 4, 5, 3),
        of("random_contrast_fixed", "RandomContrast(factor=(-0.5, 0.5), value_range=(-2, 2))",
            () -> new RandomContrast(-0.5, 0.5).valueRange(-2, 2), 2, 4, 5, 3).training(),
        of("random_brightness", "RandomBrightness(factor=0.2, seed=6)", () -> new RandomBrightness(0.2).seed(6),
            2, 4, 5, 3),
        of("random_brightness_fixed", "RandomBrightness(factor=(0.1, 0.1), value_range=(-5, 5))",
            () -> new RandomBrightness(0.1, 0.1).valueRange(-5, 5), 2, 4, 5, 3).training(),
        of("category_encoding", "CategoryEncoding(num_tokens=4)", () -> new CategoryEncoding(4), 3, 5).ints(4),
        of("category_encoding_count", "CategoryEncoding(num_tokens=6, output_mode='count')",
            () -> new CategoryEncoding(6, "count"), 3, 4).ints(6),
        of("category_encoding_one_hot", "CategoryEncoding(num_tokens=3, output_mode='one_hot')",
            () -> new CategoryEncoding(3, "one_hot"), 4, 1).ints(3),
        of("discretization", "Discretization(bin_boundaries=[-0.5, 0.0, 0.5])",
            () -> Discretization.withBinBoundaries(-0.5, 0.0, 0.5), 2, 5),
        of("discretization_multi_hot", "Discretization(bin_boundaries=[0.0, 1.0], output_mode='multi_hot')",
            () -> Discretization.withBinBoundaries(0.0, 1.0).outputMode("multi_hot"), 3, 4),
        of("input_layer", "InputLayer(shape=(4,))", () -> new InputLayer(4), 2, 4).configOnly(),
        of("input_layer_int", "InputLayer(shape=(3, 2), dtype='int32')", () -> new InputLayer(DType.INT32, 3, 2),
            2, 3, 2).configOnly(),
        // sequence-model layers (issue 16, part 2); the random ones in training: SequenceLayersTest
        of("permute", "Permute(dims=(2, 1))", () -> new Permute(2, 1), 2, 3, 4),
        of("permute_rank3", "Permute(dims=(1, 3, 2))", () -> new Permute(1, 3, 2), 2, 3, 4, 2),
        of("identity_masked", "Identity()", Identity::new, 2, 4, 3).masked(2),
        of("activity_regularization", "ActivityRegularization(l1=0.01, l2=0.02)",
            () -> new ActivityRegularization(0.01, 0.02), 2, 5),
        of("lambda_double", "Lambda(function='Custom>double')", SequenceLayersTest::doubleLambda, 2, 3),
        of("lambda_row_sum_output_shape", "Lambda(function='Custom>row_sum', output_shape=(1,))",
            () -> SequenceLayersTest.rowSumLambda().outputShape(1), 2, 4),
        of("gaussian_noise", "GaussianNoise(stddev=0.5, seed=3)", () -> new GaussianNoise(0.5, 3), 2, 5),
        of("gaussian_dropout_masked", "GaussianDropout(rate=0.2)", () -> new GaussianDropout(0.2), 2, 4, 3).masked(1),
        of("spatial_dropout1d", "SpatialDropout1D(rate=0.3, seed=1)", () -> new SpatialDropout1D(0.3, 1), 2, 4, 3),
        of("spatial_dropout2d", "SpatialDropout2D(rate=0.25)", () -> new SpatialDropout2D(0.25), 2, 3, 3, 2),
        of("conv1d_transpose", "Conv1DTranspose(filters=3, kernel_size=3)", () -> new Conv1DTranspose(3, 3), 2, 5, 2),
        of("conv1d_transpose_same_strides", "Conv1DTranspose(filters=2, kernel_size=3, strides=2, padding='same', "
            + "activation='relu')", () -> new Conv1DTranspose(2, 3).strides(2).padding("same").activation("relu"),
            2, 5, 2),
        of("conv1d_transpose_valid_strides_wide", "Conv1DTranspose(filters=2, kernel_size=2, strides=3)",
            () -> new Conv1DTranspose(2, 2).strides(3), 2, 4, 3),
        of("conv1d_transpose_output_padding", "Conv1DTranspose(filters=2, kernel_size=4, strides=3, "
            + "output_padding=2, use_bias=False)", () -> new Conv1DTranspose(2, 4).strides(3).outputPadding(2)
                .useBias(false), 2, 4, 2),
        of("conv1d_transpose_same_output_padding0", "Conv1DTranspose(filters=1, kernel_size=1, strides=3, "
            + "padding='same', output_padding=0)", () -> new Conv1DTranspose(1, 1).strides(3).padding("same")
                .outputPadding(0), 2, 3, 2),
        of("conv1d_transpose_dilated_same", "Conv1DTranspose(filters=2, kernel_size=3, dilation_rate=2, "
            + "padding='same')", () -> new Conv1DTranspose(2, 3).dilationRate(2).padding("same"), 2, 6, 2),
        of("cropping1d", "Cropping1D(cropping=(1, 1))", Cropping1D::new, 2, 5, 3),
        of("cropping1d_asymmetric", "Cropping1D(cropping=(0, 2))", () -> new Cropping1D(0, 2), 2, 5, 3),
        of("cropping2d", "Cropping2D(cropping=((1, 0), (2, 1)))", () -> new Cropping2D(new int[][] {{1, 0}, {2, 1}}),
            2, 4, 5, 2),
        of("up_sampling1d", "UpSampling1D(size=3)", () -> new UpSampling1D(3), 2, 3, 2),
        of("zero_padding1d", "ZeroPadding1D(padding=1)", ZeroPadding1D::new, 2, 3, 2),
        of("zero_padding1d_asymmetric", "ZeroPadding1D(padding=(2, 0))", () -> new ZeroPadding1D(2, 0), 2, 3, 2),
        // wrappers: the wrapped layers are named, so that Keras's and jkeras's nested names and weight paths agree
        of("time_distributed_dense", "TimeDistributed(layer=Dense(units=3, activation='tanh', name='td_dense'))",
            () -> new TimeDistributed(new Dense(3, "tanh").name("td_dense")), 2, 4, 5),
        of("time_distributed_conv1d_masked", "TimeDistributed(layer=Conv1D(filters=2, kernel_size=2, name='td_conv'))",
            () -> new TimeDistributed(new Conv1D(2, 2).name("td_conv")), 2, 3, 5, 2).masked(1),
        of("time_distributed_lstm", "TimeDistributed(layer=LSTM(units=2, name='td_lstm'))",
            () -> new TimeDistributed(new LSTM(2).name("td_lstm")), 2, 3, 4, 2),
        of("bidirectional_lstm", "Bidirectional(layer=LSTM(units=3, name='bi_lstm'))",
            () -> new Bidirectional(new LSTM(3).name("bi_lstm")), 2, 5, 2),
        of("bidirectional_gru_sum_sequences_masked", "Bidirectional(layer=GRU(units=2, return_sequences=True, "
            + "name='bi_gru'), merge_mode='sum')",
            () -> new Bidirectional(new GRU(2).returnSequences(true).name("bi_gru"), "sum"), 2, 5, 3).masked(2),
        of("bidirectional_simple_rnn_list_state_masked", "Bidirectional(layer=SimpleRNN(units=2, return_state=True, "
            + "name='bi_rnn'), merge_mode=None)",
            () -> new Bidirectional(new SimpleRNN(2).returnState(true).name("bi_rnn"), null), 2, 4, 2).masked(1),
        of("bidirectional_lstm_ave_backward_layer", "Bidirectional(layer=LSTM(units=2, return_sequences=True, "
            + "name='bi_fwd'), merge_mode='ave', backward_layer=LSTM(units=2, activation='relu', "
            + "return_sequences=True, go_backwards=True, name='bi_back'))",
            () -> new Bidirectional(new LSTM(2).returnSequences(true).name("bi_fwd"), "ave",
                new LSTM(2, "relu").returnSequences(true).goBackwards(true).name("bi_back")), 2, 4, 3),
        of("bidirectional_lstm_mul_sequences_state", "Bidirectional(layer=LSTM(units=2, return_sequences=True, "
            + "return_state=True, name='bi_mul'), merge_mode='mul')",
            () -> new Bidirectional(new LSTM(2).returnSequences(true).returnState(true).name("bi_mul"), "mul"),
            2, 4, 2),
        // Keras's cell API: RNN(cell), the cells named so that the nested names and weight paths agree
        of("rnn_simple_rnn_cell", "RNN(cell=SimpleRNNCell(units=3, name='rnn_simple_cell'), unroll=True)",
            () -> new RNN(new SimpleRNNCell(3).name("rnn_simple_cell")).unroll(true), 2, 5, 2),
        of("rnn_lstm_cell_sequences_state", "RNN(cell=LSTMCell(units=3, name='rnn_lstm_cell'), return_sequences=True, "
            + "return_state=True)", () -> new RNN(new LSTMCell(3).name("rnn_lstm_cell")).returnSequences(true)
                .returnState(true), 2, 5, 2),
        of("rnn_lstm_cell_options_masked", "RNN(cell=LSTMCell(units=2, activation='relu', recurrent_activation="
            + "'hard_sigmoid', use_bias=False, unit_forget_bias=False, kernel_regularizer='l2', recurrent_constraint="
            + "'non_neg', dropout=0.2, recurrent_dropout=0.1, seed=3, name='rnn_lstm_options'), go_backwards=True)",
            () -> new RNN(new LSTMCell(2, "relu").recurrentActivation("hard_sigmoid").useBias(false)
                .unitForgetBias(false).kernelRegularizer(Regularizers.get("l2")).recurrentConstraint("non_neg")
                .dropout(0.2).recurrentDropout(0.1).seed(3).name("rnn_lstm_options")).goBackwards(true), 2, 5, 3)
            .masked(2),
        of("rnn_gru_cell_backwards_masked", "RNN(cell=GRUCell(units=2, name='rnn_gru_cell'), go_backwards=True, "
            + "return_state=True)", () -> new RNN(new GRUCell(2).name("rnn_gru_cell")).goBackwards(true)
                .returnState(true), 2, 5, 3).masked(2),
        of("rnn_gru_cell_reset_before_masked", "RNN(cell=GRUCell(units=2, reset_after=False, name='rnn_gru_before'), "
            + "return_sequences=True, zero_output_for_mask=True)",
            () -> new RNN(new GRUCell(2).resetAfter(false).name("rnn_gru_before")).returnSequences(true)
                .zeroOutputForMask(true), 2, 4, 3).masked(1),
        of("rnn_stacked_cells_state", "RNN(cell=StackedRNNCells(cells=[SimpleRNNCell(units=3, name='st_simple'), "
            + "LSTMCell(units=2, name='st_lstm'), GRUCell(units=2, reset_after=False, name='st_gru'), "
            + "LSTMCell(units=2, name='st_lstm_b')], name='st_cells'), return_state=True)",
            () -> new RNN(new StackedRNNCells(new SimpleRNNCell(3).name("st_simple"), new LSTMCell(2).name("st_lstm"),
                new GRUCell(2).resetAfter(false).name("st_gru"), new LSTMCell(2).name("st_lstm_b")).name("st_cells"))
                .returnState(true), 2, 4, 3),
        of("rnn_stacked_cells_sequences_masked", "RNN(cell=StackedRNNCells(cells=[GRUCell(units=3, name='sq_gru'), "
            + "SimpleRNNCell(units=2, activation='relu', name='sq_simple')], name='sq_cells'), return_sequences=True)",
            () -> new RNN(new StackedRNNCells(new GRUCell(3).name("sq_gru"), new SimpleRNNCell(2, "relu")
                .name("sq_simple")).name("sq_cells")).returnSequences(true), 2, 5, 2).masked(2),
        // attention layers (issue 16, attention part); MultiHeadAttention's masks, causal mask, scores and
        // files: AttentionLayersTest
        of("einsum_dense", "EinsumDense(equation='ab,bc->ac', output_shape=4, bias_axes='c')",
            () -> new EinsumDense("ab,bc->ac", 4).biasAxes("c"), 2, 3),
        // (with output_shape=(None, 2, 3) Keras's symbolic shape forgets the input's size 4; jkeras keeps it)
        of("einsum_dense_rank3_relu", "EinsumDense(equation='abc,cde->abde', output_shape=(4, 2, 3), "
            + "bias_axes='de', activation='relu')",
            () -> new EinsumDense("abc,cde->abde", 4, 2, 3).biasAxes("de").activation("relu"), 2, 4, 5),
        of("einsum_dense_left_ellipsis_no_bias", "EinsumDense(equation='...b,bc->...c', output_shape=3)",
            () -> new EinsumDense("...b,bc->...c", 3), 2, 4, 5),
        of("einsum_dense_right_ellipsis", "EinsumDense(equation='abc...,cd->abd...', output_shape=(4, 6), "
            + "bias_axes='d')", () -> new EinsumDense("abc...,cd->abd...", 4, 6).biasAxes("d"), 2, 4, 5, 3),
        merge("multi_head_attention", "MultiHeadAttention(num_heads=2, key_dim=3)",
            () -> new MultiHeadAttention(2, 3), new int[] {2, 4, 5}, new int[] {2, 3, 6}),
        merge("multi_head_attention_key_value_dim_output_shape", "MultiHeadAttention(num_heads=2, key_dim=2, "
            + "value_dim=3, use_bias=False, output_shape=(4,))",
            () -> new MultiHeadAttention(2, 2).valueDim(3).useBias(false).outputShape(4),
            new int[] {2, 3, 5}, new int[] {2, 4, 5}, new int[] {2, 4, 2}),
        merge("multi_head_attention_dropout_einsum_path", "MultiHeadAttention(num_heads=3, key_dim=2, dropout=0.5)",
            () -> new MultiHeadAttention(3, 2).dropout(0.5), new int[] {2, 4, 3}, new int[] {2, 4, 3}),
        merge("multi_head_attention_2d_axes", "MultiHeadAttention(num_heads=2, key_dim=2, attention_axes=(2,))",
            () -> new MultiHeadAttention(2, 2).attentionAxes(2), new int[] {2, 3, 4, 5}, new int[] {2, 3, 2, 5}),
        merge("multi_head_attention_two_axes", "MultiHeadAttention(num_heads=2, key_dim=2, attention_axes=(1, 2))",
            () -> new MultiHeadAttention(2, 2).attentionAxes(1, 2), new int[] {2, 3, 2, 4}, new int[] {2, 2, 3, 4}),
        merge("multi_head_attention_gate", "MultiHeadAttention(num_heads=2, key_dim=2, value_dim=3, use_gate=True)",
            () -> new MultiHeadAttention(2, 2).valueDim(3).useGate(true), new int[] {2, 4, 5}, new int[] {2, 3, 5}),
        merge("multi_head_attention_sliding_window", "MultiHeadAttention(num_heads=2, key_dim=3, sliding_window=2)",
            () -> new MultiHeadAttention(2, 3).slidingWindow(2), new int[] {2, 5, 4}, new int[] {2, 5, 4}),
        merge("grouped_query_attention", "GroupQueryAttention(head_dim=2, num_query_heads=4, num_key_value_heads=2)",
            () -> new GroupedQueryAttention(2, 4, 2), new int[] {2, 4, 5}, new int[] {2, 3, 5}),
        merge("grouped_query_attention_mqa_key_gate_dropout", "GroupQueryAttention(head_dim=3, num_query_heads=2, "
            + "num_key_value_heads=1, use_gate=True, dropout=0.5, use_bias=False)",
            () -> new GroupedQueryAttention(3, 2, 1).useGate(true).dropout(0.5).useBias(false),
            new int[] {2, 4, 5}, new int[] {2, 3, 5}, new int[] {2, 3, 4}),
        merge("grouped_query_attention_sliding_window", "GroupQueryAttention(head_dim=2, num_query_heads=2, "
            + "num_key_value_heads=2, sliding_window=2)", () -> new GroupedQueryAttention(2, 2, 2).slidingWindow(2),
            new int[] {2, 5, 3}, new int[] {2, 5, 3}),
        merge("attention", "Attention()", Attention::new, new int[] {2, 4, 3}, new int[] {2, 5, 3}),
        merge("attention_scale_concat_key", "Attention(use_scale=True, score_mode='concat')",
            () -> new Attention().useScale(true).scoreMode("concat"),
            new int[] {2, 4, 3}, new int[] {2, 5, 2}, new int[] {2, 5, 3}),
        merge("attention_masked", "Attention(use_scale=True)", () -> new Attention().useScale(true),
            new int[] {2, 4, 3}, new int[] {2, 4, 3}).masked(2),
        merge("additive_attention", "AdditiveAttention()", AdditiveAttention::new,
            new int[] {2, 4, 3}, new int[] {2, 5, 3}),
        merge("additive_attention_no_scale_masked", "AdditiveAttention(use_scale=False, dropout=0.2)",
            () -> new AdditiveAttention().useScale(false).dropout(0.2),
            new int[] {2, 3, 2}, new int[] {2, 3, 2}).masked(1),
        // RNN(cell) over more than Recurrent.UNROLL_LIMIT steps: the while loop (issue 16, one time loop)
        of("rnn_stacked_cells_while_loop_masked", "RNN(cell=StackedRNNCells(cells=[GRUCell(units=3, name='wl_gru'), "
            + "LSTMCell(units=2, name='wl_lstm')], name='wl_cells'), return_sequences=True, go_backwards=True)",
            () -> new RNN(new StackedRNNCells(new GRUCell(3).name("wl_gru"), new LSTMCell(2).name("wl_lstm"))
                .name("wl_cells")).returnSequences(true).goBackwards(true), 2, 70, 2).masked(2),
        of("rnn_lstm_cell_while_loop_state", "RNN(cell=LSTMCell(units=2, name='wl_lstm_state'), return_state=True)",
            () -> new RNN(new LSTMCell(2).name("wl_lstm_state")).returnState(true), 2, 66, 3),
        // issue 17: the convolution family (depthwise, separable, transposed 2-D/3-D, Conv3D, groups, channels_first)
        of("depthwise_conv2d", "DepthwiseConv2D(kernel_size=3)", () -> new DepthwiseConv2D(3), 2, 5, 5, 2),
        of("depthwise_conv2d_multiplier_same_unequal_strides", "DepthwiseConv2D(kernel_size=(3, 2), strides=(2, 1), "
            + "padding='same', depth_multiplier=2, activation='relu')",
            () -> new DepthwiseConv2D(3, 2).strides(2, 1).padding("same").depthMultiplier(2).activation("relu"),
            2, 6, 5, 3),
        of("depthwise_conv2d_same_strides", "DepthwiseConv2D(kernel_size=3, strides=2, padding='same')",
            () -> new DepthwiseConv2D(3).strides(2).padding("same"), 2, 7, 6, 2),
        of("depthwise_conv2d_dilated", "DepthwiseConv2D(kernel_size=2, dilation_rate=2, use_bias=False)",
            () -> new DepthwiseConv2D(2).dilationRate(2).useBias(false), 2, 6, 6, 2),
        of("depthwise_conv2d_channels_first", "DepthwiseConv2D(kernel_size=2, strides=2, depth_multiplier=2, "
            + "data_format='channels_first')",
            () -> new DepthwiseConv2D(2).strides(2).depthMultiplier(2).dataFormat("channels_first"), 2, 3, 6, 5),
        of("depthwise_conv2d_options", "DepthwiseConv2D(kernel_size=2, depthwise_initializer='he_normal', "
            + "bias_initializer='ones', depthwise_regularizer='l2', bias_regularizer='l1', "
            + "depthwise_constraint='non_neg', bias_constraint='max_norm')",
            () -> new DepthwiseConv2D(2).depthwiseInitializer("he_normal").biasInitializer("ones")
                .depthwiseRegularizer(Regularizers.get("l2")).biasRegularizer(Regularizers.get("l1"))
                .depthwiseConstraint("non_neg").biasConstraint("max_norm"), 2, 4, 4, 2),
        of("separable_conv2d", "SeparableConv2D(filters=3, kernel_size=3)", () -> new SeparableConv2D(3, 3),
            2, 5, 5, 2),
        of("separable_conv2d_same_strides_multiplier", "SeparableConv2D(filters=2, kernel_size=3, strides=2, "
            + "padding='same', depth_multiplier=2, activation='tanh')",
            () -> new SeparableConv2D(2, 3).strides(2).padding("same").depthMultiplier(2).activation("tanh"),
            2, 6, 6, 3),
        of("separable_conv2d_dilated_channels_first", "SeparableConv2D(filters=2, kernel_size=2, dilation_rate=2, "
            + "data_format='channels_first')",
            () -> new SeparableConv2D(2, 2).dilationRate(2).dataFormat("channels_first"), 2, 2, 6, 6),
        of("separable_conv2d_options", "SeparableConv2D(filters=2, kernel_size=2, depthwise_initializer='ones', "
            + "pointwise_initializer='he_uniform', depthwise_regularizer='l1', pointwise_regularizer='l2', "
            + "pointwise_constraint='unit_norm', depthwise_constraint='non_neg', use_bias=False)",
            () -> new SeparableConv2D(2, 2).depthwiseInitializer("ones").pointwiseInitializer("he_uniform")
                .depthwiseRegularizer(Regularizers.get("l1")).pointwiseRegularizer(Regularizers.get("l2"))
                .pointwiseConstraint("unit_norm").depthwiseConstraint("non_neg").useBias(false), 2, 4, 4, 2),
        of("conv2d_transpose", "Conv2DTranspose(filters=3, kernel_size=3)", () -> new Conv2DTranspose(3, 3),
            2, 4, 4, 2),
        of("conv2d_transpose_same_strides", "Conv2DTranspose(filters=2, kernel_size=(3, 2), strides=(2, 3), "
            + "padding='same', activation='relu')",
            () -> new Conv2DTranspose(2, 3, 2).strides(2, 3).padding("same").activation("relu"), 2, 3, 4, 2),
        of("conv2d_transpose_valid_output_padding", "Conv2DTranspose(filters=2, kernel_size=3, strides=2, "
            + "output_padding=(1, 0), use_bias=False)",
            () -> new Conv2DTranspose(2, 3).strides(2).outputPadding(1, 0).useBias(false), 2, 3, 3, 2),
        of("conv2d_transpose_same_output_padding", "Conv2DTranspose(filters=1, kernel_size=(1, 4), strides=3, "
            + "padding='same', output_padding=(0, 2))",
            () -> new Conv2DTranspose(1, 1, 4).strides(3).padding("same").outputPadding(0, 2), 2, 2, 3, 1),
        of("conv2d_transpose_dilated_channels_first", "Conv2DTranspose(filters=2, kernel_size=2, dilation_rate=2, "
            + "padding='same', data_format='channels_first')",
            () -> new Conv2DTranspose(2, 2).dilationRate(2).padding("same").dataFormat("channels_first"), 2, 2, 4, 5),
        of("depthwise_conv1d", "DepthwiseConv1D(kernel_size=3, depth_multiplier=2)",
            () -> new DepthwiseConv1D(3).depthMultiplier(2), 2, 7, 2),
        of("depthwise_conv1d_same_strides_channels_first", "DepthwiseConv1D(kernel_size=3, strides=2, "
            + "padding='same', data_format='channels_first')",
            () -> new DepthwiseConv1D(3).strides(2).padding("same").dataFormat("channels_first"), 2, 3, 7),
        of("separable_conv1d", "SeparableConv1D(filters=3, kernel_size=3)", () -> new SeparableConv1D(3, 3), 2, 7, 2),
        of("separable_conv1d_dilated_same_multiplier", "SeparableConv1D(filters=2, kernel_size=2, dilation_rate=2, "
            + "padding='same', depth_multiplier=2)",
            () -> new SeparableConv1D(2, 2).dilationRate(2).padding("same").depthMultiplier(2), 2, 7, 3),
        of("conv3d", "Conv3D(filters=2, kernel_size=2)", () -> new Conv3D(2, 2), 2, 4, 4, 4, 2),
        of("conv3d_same_strides", "Conv3D(filters=2, kernel_size=(3, 2, 2), strides=(2, 1, 2), padding='same', "
            + "activation='relu')",
            () -> new Conv3D(2, 3, 2, 2).strides(2, 1, 2).padding("same").activation("relu"), 2, 5, 4, 4, 1),
        of("conv3d_dilated_groups", "Conv3D(filters=4, kernel_size=2, dilation_rate=(2, 1, 1), groups=2)",
            () -> new Conv3D(4, 2).dilationRate(2, 1, 1).groups(2), 2, 5, 3, 3, 4),
        of("conv3d_channels_first", "Conv3D(filters=2, kernel_size=2, data_format='channels_first')",
            () -> new Conv3D(2, 2).dataFormat("channels_first"), 2, 3, 4, 4, 3),
        of("conv3d_transpose", "Conv3DTranspose(filters=2, kernel_size=2)", () -> new Conv3DTranspose(2, 2),
            2, 3, 3, 3, 2),
        of("conv3d_transpose_same_strides_output_padding", "Conv3DTranspose(filters=2, kernel_size=3, strides=2, "
            + "padding='same', output_padding=1)",
            () -> new Conv3DTranspose(2, 3).strides(2).padding("same").outputPadding(1), 2, 2, 3, 2, 1),
        of("conv1d_groups", "Conv1D(filters=4, kernel_size=2, groups=2)", () -> new Conv1D(4, 2).groups(2), 2, 6, 4),
        of("conv2d_groups_same", "Conv2D(filters=6, kernel_size=3, groups=3, padding='same')",
            () -> new Conv2D(6, 3).groups(3).padding("same"), 2, 5, 5, 3),
        of("conv2d_channels_first_softmax", "Conv2D(filters=3, kernel_size=(3, 2), strides=(2, 1), "
            + "data_format='channels_first', activation='softmax')",
            () -> new Conv2D(3, 3, 2).strides(2, 1).dataFormat("channels_first").activation("softmax"), 2, 2, 6, 5),
        of("conv1d_channels_first_causal", "Conv1D(filters=2, kernel_size=3, padding='causal', "
            + "data_format='channels_first')",
            () -> new Conv1D(2, 3).padding("causal").dataFormat("channels_first"), 2, 3, 6),
        of("conv1d_transpose_channels_first", "Conv1DTranspose(filters=2, kernel_size=3, strides=2, "
            + "data_format='channels_first')",
            () -> new Conv1DTranspose(2, 3).strides(2).dataFormat("channels_first"), 2, 3, 4),
        of("conv2d_transpose_same_even_kernel_output_padding0", "Conv2DTranspose(filters=2, kernel_size=2, "
            + "strides=2, padding='same', output_padding=0)",
            () -> new Conv2DTranspose(2, 2).strides(2).padding("same").outputPadding(0), 2, 3, 3, 2),
        // issue 17: non-convolution layers
        of("relu", "ReLU()", ReLU::new, 2, 5),
        of("relu_max_slope_threshold", "ReLU(max_value=1.5, negative_slope=0.1, threshold=0.2)",
            () -> new ReLU().maxValue(1.5).negativeSlope(0.1).threshold(0.2), 2, 6),
        of("relu_max6_masked", "ReLU(max_value=6.0)", () -> new ReLU().maxValue(6.0), 2, 4, 3).masked(1),
        of("relu_leaky", "ReLU(negative_slope=0.2)", () -> new ReLU().negativeSlope(0.2), 2, 5),
        of("relu_threshold", "ReLU(threshold=0.5)", () -> new ReLU().threshold(0.5), 2, 5),
        of("softmax", "Softmax()", Softmax::new, 2, 3, 4),
        of("softmax_axis1", "Softmax(axis=1)", () -> new Softmax(1), 2, 3, 4),
        of("softmax_two_axes", "Softmax(axis=(1, 2))", () -> new Softmax().axis(1, 2), 2, 3, 4),
        of("softmax_masked", "Softmax()", Softmax::new, 2, 5).masked(2),
        merge("dot", "Dot(axes=(1, 2))", () -> new Dot(1, 2), new int[] {2, 3, 5}, new int[] {2, 4, 3}),
        merge("dot_normalize_vectors", "Dot(axes=-1, normalize=True)", () -> new Dot(-1).normalize(true),
            new int[] {2, 4}, new int[] {2, 4}),
        merge("dot_rank3_masked", "Dot(axes=2)", () -> new Dot(2), new int[] {2, 3, 4}, new int[] {2, 3, 4}).masked(1),
        merge("dot_rank4", "Dot(axes=(3, 1))", () -> new Dot(3, 1), new int[] {2, 2, 3, 4}, new int[] {2, 4, 3}),
        of("unit_normalization", "UnitNormalization()", UnitNormalization::new, 2, 3, 4),
        of("unit_normalization_axes_masked", "UnitNormalization(axis=[1, 2])",
            () -> new UnitNormalization().axis(1, 2), 2, 3, 4).masked(1),
        of("rms_normalization", "RMSNormalization()", RMSNormalization::new, 2, 3, 4),
        of("rms_normalization_axes", "RMSNormalization(axis=[1, 2], epsilon=0.001)",
            () -> new RMSNormalization().axis(1, 2).epsilon(0.001), 2, 3, 4),
        of("group_normalization", "GroupNormalization(groups=2)", () -> new GroupNormalization(2), 2, 3, 4),
        of("group_normalization_instance_axis1", "GroupNormalization(groups=-1, axis=1, center=False)",
            () -> new GroupNormalization(-1).axis(1).center(false), 2, 4, 3),
        of("group_normalization_one_group_masked", "GroupNormalization(groups=1, epsilon=0.01, scale=False, "
            + "beta_initializer='ones', beta_regularizer='l2')", () -> new GroupNormalization(1).epsilon(0.01)
                .scale(false).betaInitializer(Initializers.get("ones")).betaRegularizer(Regularizers.get("l2")),
            2, 3, 3, 4).masked(1),
        of("group_normalization_image", "GroupNormalization(groups=3, gamma_constraint='non_neg')",
            () -> new GroupNormalization(3).gammaConstraint(Constraints.get("non_neg")), 2, 3, 2, 6),
        of("max_pool3d", "MaxPooling3D(pool_size=(2, 2, 2))", () -> new MaxPooling3D(2, 2, 2), 2, 4, 5, 6, 2),
        of("max_pool3d_same_strides", "MaxPooling3D(pool_size=(3, 2, 2), strides=(2, 1, 2), padding='same')",
            () -> new MaxPooling3D(3, 2, 2).strides(2, 1, 2).padding("same"), 2, 5, 4, 5, 2),
        of("avg_pool3d", "AveragePooling3D(pool_size=(2, 2, 2))", () -> new AveragePooling3D(), 2, 4, 4, 5, 3),
        of("avg_pool3d_same_strides", "AveragePooling3D(pool_size=(3, 3, 2), strides=(2, 2, 1), padding='same')",
            () -> new AveragePooling3D(3, 3, 2).strides(2, 2, 1).padding("same"), 2, 5, 5, 3, 2),
        of("avg_pool3d_channels_first", "AveragePooling3D(pool_size=(2, 2, 2), data_format='channels_first')",
            () -> new AveragePooling3D(2).dataFormat("channels_first"), 2, 3, 4, 4, 5),
        of("max_pool3d_channels_first_same", "MaxPooling3D(pool_size=(2, 3, 2), padding='same', "
            + "data_format='channels_first')", () -> new MaxPooling3D(2, 3, 2).padding("same")
                .dataFormat("channels_first"), 2, 2, 4, 5, 3),
        of("max_pool1d_channels_first", "MaxPooling1D(pool_size=2, data_format='channels_first')",
            () -> new MaxPooling1D(2).dataFormat("channels_first"), 2, 3, 7),
        of("avg_pool1d_channels_first_same", "AveragePooling1D(pool_size=3, strides=2, padding='same', "
            + "data_format='channels_first')", () -> new AveragePooling1D(3).strides(2).padding("same")
                .dataFormat("channels_first"), 2, 3, 7),
        of("max_pool2d_channels_first", "MaxPooling2D(pool_size=(2, 3), strides=(1, 2), data_format='channels_first')",
            () -> new MaxPooling2D(2, 3).strides(1, 2).dataFormat("channels_first"), 2, 2, 5, 6),
        of("avg_pool2d_channels_first_same", "AveragePooling2D(pool_size=(3, 3), strides=(2, 2), padding='same', "
            + "data_format='channels_first')", () -> new AveragePooling2D(3, 3).strides(2, 2).padding("same")
                .dataFormat("channels_first"), 2, 2, 5, 5),
        of("global_max_pool3d", "GlobalMaxPooling3D()", GlobalMaxPooling3D::new, 2, 3, 4, 2, 3),
        of("global_avg_pool3d_keepdims", "GlobalAveragePooling3D(keepdims=True)",
            () -> new GlobalAveragePooling3D().keepdims(true), 2, 3, 2, 4, 3),
        of("global_avg_pool3d_channels_first", "GlobalAveragePooling3D(data_format='channels_first')",
            () -> new GlobalAveragePooling3D().dataFormat("channels_first"), 2, 3, 3, 2, 4),
        of("global_max_pool3d_channels_first_keepdims", "GlobalMaxPooling3D(data_format='channels_first', "
            + "keepdims=True)", () -> new GlobalMaxPooling3D().dataFormat("channels_first").keepdims(true),
            2, 3, 3, 2, 4),
        of("global_max_pool1d_channels_first", "GlobalMaxPooling1D(data_format='channels_first')",
            () -> new GlobalMaxPooling1D().dataFormat("channels_first"), 2, 3, 4),
        of("global_avg_pool1d_channels_first_masked", "GlobalAveragePooling1D(data_format='channels_first')",
            () -> new GlobalAveragePooling1D().dataFormat("channels_first"), 2, 4, 4).masked(1),
        of("global_avg_pool2d_channels_first_keepdims", "GlobalAveragePooling2D(data_format='channels_first', "
            + "keepdims=True)", () -> new GlobalAveragePooling2D().dataFormat("channels_first").keepdims(true),
            2, 2, 3, 4),
        of("global_max_pool2d_channels_first", "GlobalMaxPooling2D(data_format='channels_first')",
            () -> new GlobalMaxPooling2D().dataFormat("channels_first"), 2, 2, 3, 4),
        of("cropping3d", "Cropping3D()", Cropping3D::new, 2, 4, 5, 6, 2),
        of("cropping3d_asymmetric_channels_first", "Cropping3D(cropping=((1, 0), (0, 2), (1, 1)), "
            + "data_format='channels_first')", () -> new Cropping3D(new int[][] {{1, 0}, {0, 2}, {1, 1}})
                .dataFormat("channels_first"), 2, 2, 4, 5, 6),
        of("cropping3d_symmetric", "Cropping3D(cropping=(1, 0, 2))", () -> new Cropping3D(1, 0, 2), 2, 4, 3, 6, 1),
        of("cropping2d_channels_first", "Cropping2D(cropping=((1, 0), (2, 1)), data_format='channels_first')",
            () -> new Cropping2D(new int[][] {{1, 0}, {2, 1}}).dataFormat("channels_first"), 2, 2, 4, 5),
        of("zero_padding3d", "ZeroPadding3D()", ZeroPadding3D::new, 2, 2, 3, 2, 2),
        of("zero_padding3d_asymmetric_channels_first", "ZeroPadding3D(padding=((1, 0), (0, 2), (1, 1)), "
            + "data_format='channels_first')", () -> new ZeroPadding3D(new int[][] {{1, 0}, {0, 2}, {1, 1}})
                .dataFormat("channels_first"), 2, 2, 2, 3, 2),
        of("zero_padding3d_symmetric", "ZeroPadding3D(padding=(1, 2, 0))", () -> new ZeroPadding3D(1, 2, 0),
            2, 2, 3, 2, 1),
        of("zero_padding2d_channels_first", "ZeroPadding2D(padding=((1, 0), (2, 1)), data_format='channels_first')",
            () -> new ZeroPadding2D(new int[][] {{1, 0}, {2, 1}}).dataFormat("channels_first"), 2, 2, 3, 3),
        of("zero_padding1d_channels_first", "ZeroPadding1D(padding=(2, 1), data_format='channels_first')",
            () -> new ZeroPadding1D(2, 1).dataFormat("channels_first"), 2, 2, 3),
        of("up_sampling3d", "UpSampling3D(size=(2, 2, 2))", UpSampling3D::new, 2, 2, 3, 2, 2),
        of("up_sampling3d_channels_first", "UpSampling3D(size=(1, 2, 3), data_format='channels_first')",
            () -> new UpSampling3D(1, 2, 3).dataFormat("channels_first"), 2, 2, 2, 3, 2),
        of("up_sampling2d_channels_first", "UpSampling2D(size=(2, 3), data_format='channels_first')",
            () -> new UpSampling2D(2, 3).dataFormat("channels_first"), 2, 2, 3, 2),
        of("up_sampling2d_bilinear_channels_first", "UpSampling2D(size=(2, 2), interpolation='bilinear', "
            + "data_format='channels_first')", () -> new UpSampling2D(2, 2).interpolation("bilinear")
                .dataFormat("channels_first"), 2, 2, 3, 2),
        of("spatial_dropout3d", "SpatialDropout3D(rate=0.3, seed=2)", () -> new SpatialDropout3D(0.3, 2),
            2, 2, 3, 2, 2),
        of("spatial_dropout3d_channels_first", "SpatialDropout3D(rate=0.2, data_format='channels_first')",
            () -> new SpatialDropout3D(0.2).dataFormat("channels_first"), 2, 2, 3, 2, 2),
        of("spatial_dropout2d_channels_first", "SpatialDropout2D(rate=0.2, data_format='channels_first')",
            () -> new SpatialDropout2D(0.2).dataFormat("channels_first"), 2, 3, 3, 2),
        of("alpha_dropout", "AlphaDropout(rate=0.2)", () -> new AlphaDropout(0.2), 2, 5),
        of("alpha_dropout_noise_shape_masked", "AlphaDropout(rate=0.1, noise_shape=(None, 1, 3), seed=4)",
            () -> new AlphaDropout(0.1, 4).noiseShape(null, 1L, 3L), 2, 4, 3).masked(1),
        of("conv_lstm2d", "ConvLSTM2D(filters=2, kernel_size=(3, 3))", () -> new ConvLSTM2D(2, 3, 3), 2, 3, 5, 5, 2),
        of("conv_lstm2d_same_sequences_state", "ConvLSTM2D(filters=2, kernel_size=(2, 2), padding='same', "
            + "return_sequences=True, return_state=True)", () -> new ConvLSTM2D(2, 2).padding("same")
                .returnSequences(true).returnState(true), 2, 3, 4, 4, 1),
        // masked: unroll=True, as Keras's numpy backend broadcasts a step's (batch, 1) mask against the states'
        // last axes in its scan (not its unroll), which only the unroll tiles over (batch, spatial..., filters)
        of("conv_lstm2d_strides_backwards_masked", "ConvLSTM2D(filters=2, kernel_size=(2, 3), strides=(2, 1), "
            + "go_backwards=True, unit_forget_bias=False, activation='relu', unroll=True)",
            () -> new ConvLSTM2D(2, 2, 3).strides(2, 1).goBackwards(true).unitForgetBias(false).activation("relu")
                .unroll(true), 2, 4, 5, 4, 2)
            .masked(1),
        of("conv_lstm2d_dilated_channels_first", "ConvLSTM2D(filters=3, kernel_size=2, dilation_rate=2, "
            + "data_format='channels_first', return_sequences=True, use_bias=False)", () -> new ConvLSTM2D(3, 2)
                .dilationRate(2).dataFormat("channels_first").returnSequences(true).useBias(false), 2, 3, 2, 5, 5),
        of("conv_lstm2d_dropout_options", "ConvLSTM2D(filters=2, kernel_size=3, dropout=0.2, recurrent_dropout=0.1, "
            + "seed=3, recurrent_activation='hard_sigmoid', kernel_regularizer='l2', recurrent_constraint='non_neg', "
            + "bias_initializer='ones')", () -> new ConvLSTM2D(2, 3).dropout(0.2).recurrentDropout(0.1).seed(3)
                .recurrentActivation("hard_sigmoid").kernelRegularizer(Regularizers.get("l2"))
                .recurrentConstraint("non_neg").biasInitializer("ones"), 2, 3, 4, 4, 2),
        of("conv_lstm1d", "ConvLSTM1D(filters=3, kernel_size=3)", () -> new ConvLSTM1D(3, 3), 2, 4, 6, 2),
        // (zero_output_for_mask with unroll=True: the numpy backend's unroll ignores it; NonConvLayersTest checks it)
        of("conv_lstm1d_same_sequences_masked", "ConvLSTM1D(filters=2, kernel_size=2, padding='same', "
            + "return_sequences=True, unroll=True)", () -> new ConvLSTM1D(2, 2).padding("same").returnSequences(true)
                .unroll(true), 2, 4, 5, 3).masked(2),
        of("conv_lstm1d_sequences_state_masked", "ConvLSTM1D(filters=2, kernel_size=2, return_sequences=True, "
            + "return_state=True, unroll=True)", () -> new ConvLSTM1D(2, 2).returnSequences(true).returnState(true)
                .unroll(true), 2, 4, 5, 3).masked(1),
        of("conv_lstm1d_while_loop_state", "ConvLSTM1D(filters=2, kernel_size=2, return_state=True)",
            () -> new ConvLSTM1D(2, 2).returnState(true), 2, 66, 4, 2),
        of("conv_lstm1d_channels_first_backwards", "ConvLSTM1D(filters=2, kernel_size=3, data_format='channels_first', "
            + "go_backwards=True)", () -> new ConvLSTM1D(2, 3).dataFormat("channels_first").goBackwards(true),
            2, 3, 2, 6),
        of("bidirectional_conv_lstm2d_sequences", "Bidirectional(layer=ConvLSTM2D(filters=2, kernel_size=2, "
            + "return_sequences=True, name='bi_conv_lstm'))",
            () -> new Bidirectional(new ConvLSTM2D(2, 2).returnSequences(true).name("bi_conv_lstm")), 2, 3, 4, 4, 1),
        of("bidirectional_conv_lstm1d_sum_state", "Bidirectional(layer=ConvLSTM1D(filters=2, kernel_size=3, "
            + "return_state=True, name='bi_conv_lstm1d'), merge_mode='sum')",
            () -> new Bidirectional(new ConvLSTM1D(2, 3).returnState(true).name("bi_conv_lstm1d"), "sum"), 2, 3, 5, 2),
        // wp-vision: Dropout's noise_shape
        of("dropout_noise_shape_samples", "Dropout(rate=0.2, noise_shape=(None, 1, 1, 1), seed=3)",
            () -> new Dropout(0.2, new Long[] {null, 1L, 1L, 1L}, 3), 2, 3, 3, 2),
        of("dropout_noise_shape_steps_masked", "Dropout(rate=0.5, noise_shape=(None, 1, None))",
            () -> new Dropout(0.5).noiseShape(null, 1L, null), 2, 4, 3).masked(1),
        // wp-vision: ConvLSTM3D
        of("conv_lstm3d", "ConvLSTM3D(filters=2, kernel_size=2)", () -> new ConvLSTM3D(2, 2), 2, 2, 3, 3, 3, 1),
        of("conv_lstm3d_same_sequences_state", "ConvLSTM3D(filters=2, kernel_size=(2, 2, 1), padding='same', "
            + "return_sequences=True, return_state=True)", () -> new ConvLSTM3D(2, 2, 2, 1).padding("same")
                .returnSequences(true).returnState(true), 2, 3, 2, 3, 3, 2),
        of("conv_lstm3d_channels_first_strides", "ConvLSTM3D(filters=3, kernel_size=2, strides=(1, 2, 1), "
            + "data_format='channels_first', use_bias=False)", () -> new ConvLSTM3D(3, 2).strides(1, 2, 1)
                .dataFormat("channels_first").useBias(false), 2, 2, 2, 3, 4, 3),
        // LoRA (lora_rank, lora_alpha): Keras's Dense and Embedding build with the rank as alpha, EinsumDense keeps it.
        of("dense_lora", "Dense(units=3, lora_rank=2, lora_alpha=8)", () -> new Dense(3).loraRank(2).loraAlpha(8),
            2, 4),
        of("dense_lora_rank3_no_bias", "Dense(units=2, use_bias=False, lora_rank=1)",
            () -> new Dense(2).useBias(false).loraRank(1), 2, 3, 4),
        of("einsum_dense_lora", "EinsumDense(equation='abc,cde->abde', output_shape=(4, 2, 3), bias_axes='de', "
            + "lora_rank=2, lora_alpha=6)",
            () -> new EinsumDense("abc,cde->abde", 4, 2, 3).biasAxes("de").loraRank(2).loraAlpha(6), 2, 4, 5),
        of("embedding_lora", "Embedding(input_dim=10, output_dim=3, lora_rank=2)",
            () -> new Embedding(10, 3).loraRank(2), 2, 5).ints(10));
  }

  /** Layer classes the contract leaves out, and why. */
  private static final Map<String, String> OUT_OF_SCOPE = Map.of(
      "TFSMLayer", "wraps a TensorFlow SavedModel, which the numpy-backed oracle cannot run",
      "StringLookup", "requires TensorFlow (string tensors) in Keras; StringLookupTest takes Keras's string_lookup_test",
      "IntegerLookup", "requires TensorFlow (lookup tables) in Keras; IntegerLookupTest takes Keras's integer_lookup_test",
      "Hashing", "requires TensorFlow (FarmHash/SipHash kernels) in Keras; HashingTest takes hashing_test's exact bins",
      "TextVectorization", "requires TensorFlow (string tensors) in Keras; TextVectorizationTest takes Keras's "
          + "text_vectorization_test");

  private static NdArray<?> adaptData() {
    return floats(new Random(7), 0, 20, 3);
  }

  // ------------------------------------------------------------------ the checks

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void layerMatchesKeras(LayerCase layerCase) {
    Map<String, Object> result = result(layerCase);
    String id = layerCase.id();
    assertConfigsEqual(map(result.get("keras_config")), map(result.get("jkeras_config")), id + ": get_config()");
    assertNull(result.get("keras_from_jkeras_config_error"),
        () -> id + ": Keras's from_config refused jkeras's config:\n" + result.get("keras_from_jkeras_config_error"));
    assertConfigsEqual(map(result.get("keras_config")), map(result.get("keras_from_jkeras_config")),
        id + ": Keras's layer from jkeras's config");
    Layer fromKeras = Layers.deserialize(result.get("keras_serialized"));
    assertConfigsEqual(map(result.get("keras_config")), roundTrip(fromKeras.getConfig()),
        id + ": jkeras's layer from Keras's config");
    assertEquals(result.get("keras_weights"), result.get("jkeras_weights"), id + ": weights (name, shape, trainable)");
    assertEquals(result.get("keras_count_params"), result.get("jkeras_count_params"), id + ": count_params()");
    if (!layerCase.callable()) {
      return;
    }
    assertEquals(result.get("keras_summary_shapes"), result.get("jkeras_summary_shapes"),
        id + ": symbolic output shapes (summary rows)");
    assertAllClose(arrays(id, "keras_y"), arrays(id, "y"), id + ": inference outputs");
    if (layerCase.checksTraining()) {
      assertAllClose(arrays(id, "keras_ty"), arrays(id, "ty"), id + ": training outputs");
      if (!((List<?>) result.get("keras_weights")).isEmpty()) {
        assertAllClose(arrays(id, "keras_tw"), arrays(id, "tw"), id + ": weights after a training-mode call "
            + "(moving statistics)");
      }
    }
    assertEquals(result.get("keras_mask_is_none"), result.get("jkeras_mask_is_none"), id + ": whether there is a mask");
    if (Boolean.FALSE.equals(result.get("keras_mask_is_none"))) {
      assertAllClose(arrays(id, "keras_mask"), arrays(id, "mask"), id + ": output mask");
    }
  }

  /** Every public layer class is covered by a case or listed as out of scope; prints the count. */
  @Test
  void everyPublicLayerClassHasACase() throws IOException, URISyntaxException {
    Set<String> publicLayers = publicLayerClasses();
    Set<String> covered = new TreeSet<>();
    for (LayerCase layerCase : cases()) {
      addCovered(layerCase.layer().get(), covered);
    }
    Set<String> missing = new TreeSet<>(publicLayers);
    missing.removeAll(covered);
    missing.removeAll(OUT_OF_SCOPE.keySet());
    System.out.println("Layer contract coverage: " + covered.size() + " / " + publicLayers.size()
        + " public layer classes in " + cases().size() + " cases judged by Keras 3.15.1; out of scope: "
        + OUT_OF_SCOPE);
    assertEquals(Set.of(), missing, "public layer classes with no case in LayerContractTest.cases()");
  }

  /** The layer's class and those of the cells it runs (RNN's cell, StackedRNNCells's cells), which the case judges too. */
  private static void addCovered(Layer layer, Set<String> covered) {
    covered.add(layer.getClass().getSimpleName());
    if (layer instanceof RNN || layer instanceof RNNCell) {
      ((Wrapper) layer).wrappedLayers().values().forEach(inner -> addCovered(inner, covered));
    }
  }

  private static Set<String> publicLayerClasses() throws IOException, URISyntaxException {
    Path classes = Path.of(Layer.class.getResource("Layer.class").toURI()).getParent();
    Set<String> names = new TreeSet<>();
    try (Stream<Path> files = Files.list(classes)) {
      for (Path file : files.toList()) {
        String name = file.getFileName().toString();
        if (!name.endsWith(".class") || name.contains("$")) {
          continue;
        }
        try {
          Class<?> type = Class.forName("dev.jkeras.layers." + name.substring(0, name.length() - 6));
          int modifiers = type.getModifiers();
          if (Layer.class.isAssignableFrom(type) && java.lang.reflect.Modifier.isPublic(modifiers)
              && !java.lang.reflect.Modifier.isAbstract(modifiers)) {
            names.add(type.getSimpleName());
          }
        } catch (ClassNotFoundException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    return names;
  }

  // ------------------------------------------------------------------ jkeras's side, then one Keras launch

  private static synchronized Map<String, Object> result(LayerCase layerCase) {
    if (results == null) {
      KerasOracle.assumeAvailable();
      results = computeAll();
    }
    String error = JKERAS_ERRORS.get(layerCase.id());
    if (error != null) {
      fail(layerCase.id() + ": jkeras failed: " + error);
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> result = (Map<String, Object>) results.get(layerCase.id());
    assertNull(result.get("error"), () -> layerCase.id() + ": Keras failed:\n" + result.get("error"));
    return result;
  }

  private static Map<String, Object> computeAll() {
    try {
      dir = Files.createTempDirectory("layer-contract");
      List<Object> manifest = new ArrayList<>();
      Map<String, Map<String, Object>> jkeras = new LinkedHashMap<>();
      for (LayerCase layerCase : cases()) {
        try {
          Map<String, Object> entry = runInJkeras(layerCase);
          jkeras.put(layerCase.id(), entry);
          manifest.add(entry);
        } catch (RuntimeException e) {
          java.io.StringWriter trace = new java.io.StringWriter();
          e.printStackTrace(new java.io.PrintWriter(trace));
          JKERAS_ERRORS.put(layerCase.id(), trace.toString());
        }
      }
      Files.writeString(dir.resolve("cases.json"), Json.write(Map.of("cases", manifest)));
      KerasOracle.run("layer_contract.py", dir.toString());
      Map<String, Object> all = Json.parse(Files.readString(dir.resolve("results.json")), "results.json");
      for (Map.Entry<String, Map<String, Object>> entry : jkeras.entrySet()) {
        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) all.get(entry.getKey());
        entry.getValue().forEach((key, value) -> result.putIfAbsent("jkeras_" + key, value));
      }
      return all;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Builds and calls the layer in jkeras; writes its inputs, weights and outputs; returns its manifest entry. */
  private static Map<String, Object> runInJkeras(LayerCase layerCase) {
    String id = layerCase.id();
    Random random = new Random(id.hashCode());
    List<NdArray<?>> xs = new ArrayList<>();
    for (int[] shape : layerCase.inputShapes()) {
      xs.add(floats(random, layerCase.intInputsBelow(), shape));
    }
    List<NdArray<?>> masks = layerCase.maskedSteps() > 0 ? masks(layerCase) : List.of();
    Layer layer = layerCase.layer().get();
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("id", id);
    entry.put("keras", layerCase.keras());
    entry.put("name", layer.name());
    entry.put("callable", layerCase.callable());
    entry.put("training", layerCase.checksTraining());
    entry.put("inputs", xs.size());
    entry.put("masked", !masks.isEmpty());
    entry.put("input_shapes", layerCase.inputShapesWithoutBatch().stream().map(LayerContractTest::list).toList());
    entry.put("input_dtype", layerCase.intInputsBelow() > 0 ? "int32" : "float32");
    if (layerCase.callable()) {
      int[] outputCount = new int[1];
      try (Model model = modelAround(layer, layerCase, !masks.isEmpty(), outputCount)) {
        layer.setWeights(perturbed(layer.getWeights(), random));
        write(id, "w", layer.getWeights());
        List<NdArray<?>> feed = new ArrayList<>(xs);
        feed.addAll(masks);
        List<NdArray<?>> inference = model.predictArrays(feed, p -> p.verbose(0));
        int outputs = outputCount[0];
        write(id, "y", inference.subList(0, outputs));
        entry.put("mask_is_none", inference.size() == outputs);
        write(id, "mask", inference.subList(outputs, inference.size()));
        if (layerCase.checksTraining()) {
          write(id, "ty", model.predictArrays(feed, p -> p.verbose(0).training(true)).subList(0, outputs));
          write(id, "tw", weightsAfterOneTrainingStep(model, layer, feed, inference));
        }
      }
      entry.put("summary_shapes", summaryShapes(layerCase, Serialization.serialize(layer)));
    }
    write(id, "x", xs);
    write(id, "m", masks);
    if (!layerCase.callable()) {
      write(id, "w", layer.getWeights());
    }
    entry.put("config", roundTrip(layer.getConfig()));
    entry.put("serialized", roundTrip(Serialization.serialize(layer)));
    List<Object> weights = new ArrayList<>();
    Set<Variable> trainable = Set.copyOf(layer.trainableWeights());
    for (Variable variable : layer.weights()) {
      weights.add(List.of(variable.name(), list(variable.shape().toNdArrayShape()), trainable.contains(variable)));
    }
    entry.put("weights", weights);
    entry.put("count_params", layer.countParams());
    return entry;
  }

  /**
   * The layer's weights after one training step that leaves trainable weights alone (SGD with a zero
   * learning rate): what the training-mode call updates itself, e.g. BatchNormalization's moving statistics.
   */
  private static List<NdArray<?>> weightsAfterOneTrainingStep(Model model, Layer layer, List<NdArray<?>> feed,
      List<NdArray<?>> outputs) {
    model.compile(new SGD(0.0), "mse");
    List<NdArray<?>> targets = new ArrayList<>();
    for (NdArray<?> output : outputs) {
      targets.add(NdArrays.ofFloats(output.shape()));
    }
    int batch = Math.toIntExact(feed.get(0).shape().get(0));
    model.fit(feed, targets, f -> f.epochs(1).batchSize(batch).shuffle(false).verbose(0));
    return layer.getWeights();
  }

  /**
   * A Functional model calling {@code layer} on the case's inputs (each given the mask fed as an extra
   * boolean input when {@code masked}); its outputs are the layer's, then its first output's mask (as
   * 0/1 floats) when there is one.
   */
  private static Model modelAround(Layer layer, LayerCase layerCase, boolean masked, int[] outputCount) {
    DType dtype = layerCase.intInputsBelow() > 0 ? DType.INT32 : DType.FLOAT32;
    List<KerasTensor> inputs = new ArrayList<>();
    List<KerasTensor> layerInputs = new ArrayList<>();
    List<KerasTensor> maskInputs = new ArrayList<>();
    for (int[] shape : layerCase.inputShapesWithoutBatch()) {
      KerasTensor x = Input.of(dtype, shape);
      inputs.add(x);
      if (masked) {
        KerasTensor mask = Input.of(DType.BOOL, shape[0]);
        maskInputs.add(mask);
        layerInputs.add(new WithMask().apply(x, mask));
      } else {
        layerInputs.add(x);
      }
    }
    inputs.addAll(maskInputs);
    List<KerasTensor> outputs = new ArrayList<>(layer.applyAll(layerInputs, false));
    outputCount[0] = outputs.size();
    if (outputs.get(0).mask() != null) {
      outputs.add(new MaskOf().apply(outputs.get(0)));
    }
    return new Model(inputs, outputs);
  }

  /** Passes its first input on with its second (boolean) input as the mask, as Keras's {@code layer(x, mask=m)}. */
  private static final class WithMask extends Layer {
    @Override
    protected List<KerasTensor> call(List<KerasTensor> inputs, boolean training) {
      return List.of(Ops.cast(inputs.get(0), inputs.get(0).dtype()));
    }

    @Override
    public KerasTensor computeMask(List<KerasTensor> inputs, List<KerasTensor> masks) {
      return inputs.get(1);
    }
  }

  /** The mask its input carries, as 0/1 floats. */
  private static final class MaskOf extends Layer {
    @Override
    protected KerasTensor call(KerasTensor inputs, boolean training, KerasTensor mask) {
      return Ops.cast(mask, DType.FLOAT32);
    }
  }

  /** The output shapes of the layer rebuilt from its config and called on symbolic inputs, as a summary shows. */
  private static List<Object> summaryShapes(LayerCase layerCase, Map<String, Object> serialized) {
    Layer layer = Layers.deserialize(serialized);
    DType dtype = layerCase.intInputsBelow() > 0 ? DType.INT32 : DType.FLOAT32;
    List<KerasTensor> inputs = new ArrayList<>();
    for (int[] shape : layerCase.inputShapesWithoutBatch()) {
      inputs.add(Input.of(dtype, shape));
    }
    List<Object> shapes = new ArrayList<>();
    for (KerasTensor output : layer.applyAll(inputs, false)) {
      shapes.add(list(output.shape().toNdArrayShape()));
    }
    shapes.add(layer.countParams());
    return shapes;
  }

  /**
   * The initial weights moved off their trivial values (ones, zeros), so that every weight shows in
   * the outputs: {@code w * U(0.5, 1.5) + U(0, 0.5)}, which keeps variances positive. Integer weights stay.
   */
  private static List<NdArray<?>> perturbed(List<NdArray<?>> weights, Random random) {
    List<NdArray<?>> moved = new ArrayList<>();
    for (NdArray<?> weight : weights) {
      if (weight instanceof org.tensorflow.ndarray.FloatNdArray floats) {
        NdArray<Float> copy = NdArrays.ofFloats(floats.shape());
        floats.copyTo(copy);
        copy.scalars().forEach(s -> s.setObject((float) (s.getObject() * (0.5 + random.nextDouble())
            + 0.5 * random.nextDouble())));
        moved.add(copy);
      } else {
        moved.add(weight);
      }
    }
    return moved;
  }

  /** Masks hiding the last {@code maskedSteps} steps (axis 1) of the second sample of each input. */
  private static List<NdArray<?>> masks(LayerCase layerCase) {
    List<NdArray<?>> masks = new ArrayList<>();
    for (int[] shape : layerCase.inputShapes()) {
      int batch = shape[0];
      int steps = shape[1];
      NdArray<Boolean> mask = NdArrays.ofBooleans(Shape.of(batch, steps));
      for (int b = 0; b < batch; b++) {
        for (int t = 0; t < steps; t++) {
          mask.setObject(!(b == 1 && t >= steps - layerCase.maskedSteps()), b, t);
        }
      }
      masks.add(mask);
    }
    return masks;
  }

  // ------------------------------------------------------------------ helpers

  /** Seeded normal floats, or ints in {@code [0, intsBelow)} when positive. */
  private static NdArray<?> floats(Random random, int intsBelow, int... shape) {
    long[] dims = Arrays.stream(shape).asLongStream().toArray();
    if (intsBelow < 0) {
      NdArray<Float> whole = NdArrays.ofFloats(Shape.of(dims));
      whole.scalars().forEach(s -> s.setObject((float) random.nextInt(-intsBelow)));
      return whole;
    }
    if (intsBelow > 0) {
      NdArray<Integer> ints = NdArrays.ofInts(Shape.of(dims));
      ints.scalars().forEach(s -> s.setObject(random.nextInt(intsBelow)));
      return ints;
    }
    NdArray<Float> floats = NdArrays.ofFloats(Shape.of(dims));
    floats.scalars().forEach(s -> s.setObject((float) random.nextGaussian()));
    return floats;
  }

  private static List<Object> list(int[] shape) {
    return Arrays.stream(shape).boxed().map(Object.class::cast).toList();
  }

  private static List<Object> list(Shape shape) {
    List<Object> dims = new ArrayList<>();
    for (int i = 0; i < shape.numDimensions(); i++) {
      long dim = shape.get(i);
      dims.add(dim == Shape.UNKNOWN_SIZE ? null : dim);
    }
    return dims;
  }

  private static Map<String, Object> roundTrip(Map<String, ?> config) {
    return Json.parse(Json.write(config), "config");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return (Map<String, Object>) value;
  }

  private static void assertConfigsEqual(Map<String, Object> expected, Map<String, Object> actual, String what) {
    List<String> differences = new ArrayList<>();
    compare("", expected, actual, differences);
    if (!differences.isEmpty()) {
      fail(what + " differs from Keras's:\n  " + String.join("\n  ", differences) + "\nKeras:  " + expected
          + "\njkeras: " + actual);
    }
  }

  private static void compare(String path, Object expected, Object actual, List<String> differences) {
    if (expected instanceof Map<?, ?> e && actual instanceof Map<?, ?> a) {
      Set<Object> keys = new TreeSet<>(java.util.Comparator.comparing(Object::toString));
      keys.addAll(e.keySet());
      keys.addAll(a.keySet());
      for (Object key : keys) {
        String at = path + "/" + key;
        if (!e.containsKey(key)) {
          differences.add(at + ": jkeras has it (" + a.get(key) + "), Keras does not");
        } else if (!a.containsKey(key)) {
          differences.add(at + ": missing in jkeras (Keras: " + e.get(key) + ")");
        } else {
          compare(at, e.get(key), a.get(key), differences);
        }
      }
    } else if (expected instanceof List<?> e && actual instanceof List<?> a && e.size() == a.size()) {
      for (int i = 0; i < e.size(); i++) {
        compare(path + "[" + i + "]", e.get(i), a.get(i), differences);
      }
    } else if (expected instanceof Number e && actual instanceof Number a) {
      double x = e.doubleValue();
      double y = a.doubleValue();
      if (Math.abs(x - y) > 1e-7 * Math.max(Math.abs(x), Math.abs(y))) {
        differences.add(path + ": Keras " + expected + ", jkeras " + actual);
      }
    } else if (!Objects.equals(expected, actual)) {
      differences.add(path + ": Keras " + expected + ", jkeras " + actual);
    }
  }

  private static List<NdArray<?>> arrays(String id, String prefix) {
    List<NdArray<?>> arrays = new ArrayList<>();
    for (int i = 0; Files.exists(dir.resolve(id + "." + prefix + i + ".npy")); i++) {
      arrays.add(Npy.read(dir.resolve(id + "." + prefix + i + ".npy")));
    }
    return arrays;
  }

  private static void write(String id, String prefix, List<NdArray<?>> arrays) {
    for (int i = 0; i < arrays.size(); i++) {
      Npy.write(dir.resolve(id + "." + prefix + i + ".npy"), arrays.get(i));
    }
  }

  private static void assertAllClose(List<NdArray<?>> expected, List<NdArray<?>> actual, String what) {
    assertEquals(expected.size(), actual.size(), what + ": number of arrays");
    if (expected.isEmpty()) {
      fail(what + ": nothing to compare");
    }
    for (int i = 0; i < expected.size(); i++) {
      NdArray<?> e = expected.get(i);
      NdArray<?> a = actual.get(i);
      assertEquals(e.shape(), a.shape(), what + " #" + i + ": shape");
      double[] ev = flat(e);
      double[] av = flat(a);
      for (int j = 0; j < ev.length; j++) {
        if (!(Math.abs(ev[j] - av[j]) <= ATOL + RTOL * Math.abs(ev[j]))) {
          fail(what + " #" + i + ": element " + j + " is " + av[j] + ", Keras gives " + ev[j]
              + "\nKeras:  " + Arrays.toString(ev) + "\njkeras: " + Arrays.toString(av));
        }
      }
    }
  }

  private static double[] flat(NdArray<?> array) {
    double[] values = new double[Math.toIntExact(array.shape().size())];
    int[] i = {0};
    array.scalars().forEach(s -> {
      Object v = s.getObject();
      values[i[0]++] = v instanceof Boolean b ? (b ? 1 : 0) : ((Number) v).doubleValue();
    });
    return values;
  }

  @AfterAll
  static void deleteFiles() throws IOException {
    if (dir != null) {
      try (Stream<Path> files = Files.list(dir)) {
        for (Path file : files.toList()) {
          Files.delete(file);
        }
      }
      Files.delete(dir);
    }
  }
}
